package dev.switchboard.parser.internal;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/**
 * Opaque S/MIME ({@code application/pkcs7-mime}) read with BouncyCastle. The CMS structure itself says what it is, so
 * a missing or wrong {@code smime-type} parameter does not matter. Signatures are not verified: the gateway has no
 * trust store, and a ticket is opened either way.
 */
final class Smime {
  private Smime() {}

  sealed interface Content permits Signed, Encrypted, Other {}

  /** The encapsulated MIME entity of signed-data; null when the signature is detached (no content inside). */
  record Signed(byte[] mime) implements Content {}

  record Encrypted(String kind) implements Content {}

  record Other(String oid) implements Content {}

  static Content read(byte[] der) throws IOException {
    ContentInfo info;
    try {
      info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new IOException("not a CMS structure: " + e.getClass().getSimpleName(), e);
    }
    if (info == null) {
      throw new IOException("not a CMS structure");
    }
    ASN1ObjectIdentifier type = info.getContentType();
    if (CMSObjectIdentifiers.signedData.equals(type)) {
      try {
        CMSSignedData signed = new CMSSignedData(info);
        Object content = signed.getSignedContent() == null ? null : signed.getSignedContent().getContent();
        return new Signed(content instanceof byte[] bytes ? bytes : null);
      } catch (CMSException | RuntimeException e) {
        throw new IOException("unreadable signed-data: " + e.getClass().getSimpleName(), e);
      }
    }
    if (CMSObjectIdentifiers.envelopedData.equals(type)) {
      return new Encrypted("enveloped-data");
    }
    if (CMSObjectIdentifiers.authEnvelopedData.equals(type)) {
      return new Encrypted("authEnveloped-data");
    }
    return new Other(type.getId());
  }
}
