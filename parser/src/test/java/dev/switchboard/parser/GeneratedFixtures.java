package dev.switchboard.parser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * How the TNEF and S/MIME golden fixtures were produced. No real winmail.dat or S/MIME mail with a licence that allows
 * copying was at hand offline, so these build them: TNEF following MS-OXTNEF (the attributes Outlook writes for a
 * plain file attachment: attAttachRendData, attAttachTitle, attAttachData), S/MIME with BouncyCastle and a throwaway
 * self-signed RSA key that exists only while the generator runs. {@link GeneratedFixturesTest} writes a missing
 * fixture from here, so deleting one and running the tests reproduces it (S/MIME output differs each run: new key,
 * new signing time).
 */
final class GeneratedFixtures {
  /** A 1x1 transparent PNG. */
  static final byte[] PNG = Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
  static final String SIGNED_BODY = "Content-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n"
      + "--inner\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
      + "Hello,\r\n\r\nthe badge reader at the north entrance rejects my card since Monday.\r\n\r\nRegards\r\nDana\r\n"
      + "--inner\r\nContent-Type: image/png; name=\"badge.png\"\r\nContent-Disposition: attachment; filename=\"badge.png\"\r\n"
      + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getEncoder().encodeToString(PNG) + "\r\n--inner--\r\n";

  private static final int TNEF_SIGNATURE = 0x223E9F78;
  private static final int LEVEL_MESSAGE = 1;
  private static final int LEVEL_ATTACHMENT = 2;
  private static final int ATT_TNEF_VERSION = 0x00089006;
  private static final int ATT_OEM_CODEPAGE = 0x00069007;
  private static final int ATT_MESSAGE_CLASS = 0x00078008;
  private static final int ATT_ATTACH_REND_DATA = 0x00069002;
  private static final int ATT_ATTACH_TITLE = 0x00018010;
  private static final int ATT_ATTACH_DATA = 0x0006800F;

  private GeneratedFixtures() {}

  /** A TNEF stream as Outlook writes it for a message with plain file attachments (names in the OEM code page). */
  static byte[] tnef(Map<String, byte[]> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, TNEF_SIGNATURE);
    writeShort(out, 0x0001);
    attribute(out, LEVEL_MESSAGE, ATT_TNEF_VERSION, intBytes(0x00010000));
    attribute(out, LEVEL_MESSAGE, ATT_OEM_CODEPAGE, new byte[] {(byte) 0xE4, 0x04, 0, 0, 0, 0, 0, 0});
    attribute(out, LEVEL_MESSAGE, ATT_MESSAGE_CLASS, zeroTerminated("IPM.Microsoft Mail.Note"));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      // attachType 1 (file), position -1, no rendering size, no flags
      byte[] rendering = {1, 0, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
      attribute(out, LEVEL_ATTACHMENT, ATT_ATTACH_REND_DATA, rendering);
      attribute(out, LEVEL_ATTACHMENT, ATT_ATTACH_TITLE, zeroTerminated(file.getKey()));
      attribute(out, LEVEL_ATTACHMENT, ATT_ATTACH_DATA, file.getValue());
    }
    return out.toByteArray();
  }

  static Map<String, byte[]> tnefFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("printer-error.txt", "Error 0x0000007e: printer HP-4F-EAST offline\r\n".getBytes(StandardCharsets.US_ASCII));
    files.put("../screenshot.png", PNG);
    return files;
  }

  static String tnefEml(byte[] tnef) {
    return "From: \"Erik Outlook\" <erik@example.com>\r\nTo: help@example.org\r\nSubject: Printer offline\r\n"
        + "Date: Wed, 04 Mar 2026 10:00:00 +0100\r\nMessage-ID: <tnef-1@example.com>\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        + "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe printer is offline again, log attached.\r\n"
        + "--b1\r\nContent-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
        + "Content-Disposition: attachment; filename=\"winmail.dat\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(tnef) + "--b1--\r\n";
  }

  /** Opaque signed-data: the MIME entity is inside the CMS structure, so only a CMS reader shows it. */
  static String opaqueSignedEml() throws GeneralSecurityException, OperatorCreationException, CMSException, IOException {
    Signer signer = Signer.throwaway();
    byte[] cms = signer.generator().generate(
        new CMSProcessableByteArray(SIGNED_BODY.getBytes(StandardCharsets.UTF_8)), true).getEncoded();
    return headers("smime-opaque@example.com", "Badge reader (opaque signed)")
        + "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=\"smime.p7m\"\r\n"
        + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(cms);
  }

  /** Clear-signed: the content is the first part, readable without CMS; the signature is a detached smime.p7s. */
  static String multipartSignedEml() throws GeneralSecurityException, OperatorCreationException, CMSException, IOException {
    Signer signer = Signer.throwaway();
    byte[] p7s = signer.generator().generate(
        new CMSProcessableByteArray(SIGNED_BODY.getBytes(StandardCharsets.UTF_8)), false).getEncoded();
    return headers("smime-clear@example.com", "Badge reader (signed)")
        + "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256; boundary=\"sig\"\r\n\r\n"
        + "--sig\r\n" + SIGNED_BODY + "--sig\r\n"
        + "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
        + "Content-Disposition: attachment; filename=\"smime.p7s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(p7s) + "--sig--\r\n";
  }

  static String envelopedEml() throws GeneralSecurityException, OperatorCreationException, CMSException, IOException {
    Signer recipient = Signer.throwaway();
    CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
    generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient.certificate()));
    byte[] cms = generator.generate(new CMSProcessableByteArray(SIGNED_BODY.getBytes(StandardCharsets.UTF_8)),
        new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES128_CBC).build()).getEncoded();
    return headers("smime-encrypted@example.com", "Badge reader (encrypted)")
        + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"\r\n"
        + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(cms);
  }

  private static String headers(String messageId, String subject) {
    return "From: \"Dana Signer\" <dana@example.com>\r\nTo: help@example.org\r\nSubject: " + subject + "\r\n"
        + "Date: Wed, 04 Mar 2026 11:00:00 +0100\r\nMessage-ID: <" + messageId + ">\r\nMIME-Version: 1.0\r\n";
  }

  private record Signer(KeyPair keys, X509Certificate certificate) {
    static Signer throwaway() throws GeneralSecurityException, OperatorCreationException {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      X500Name name = new X500Name("CN=Dana Signer, E=dana@example.com");
      Date from = new Date();
      Date to = new Date(from.getTime() + 86_400_000L);
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate());
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          new JcaX509v3CertificateBuilder(name, BigInteger.ONE, from, to, name, keys.getPublic()).build(signer));
      return new Signer(keys, certificate);
    }

    CMSSignedDataGenerator generator() throws GeneralSecurityException, OperatorCreationException, CMSException {
      CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
      generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
          new JcaDigestCalculatorProviderBuilder().build())
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()), certificate));
      generator.addCertificates(new JcaCertStore(List.of(certificate)));
      return generator;
    }
  }

  static String base64Lines(byte[] bytes) {
    return Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(bytes) + "\r\n";
  }

  private static void attribute(ByteArrayOutputStream out, int level, int id, byte[] data) {
    out.write(level);
    writeInt(out, id);
    writeInt(out, data.length);
    out.writeBytes(data);
    int checksum = 0;
    for (byte b : data) {
      checksum = (checksum + (b & 0xFF)) & 0xFFFF;
    }
    writeShort(out, checksum);
  }

  private static byte[] zeroTerminated(String s) {
    byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[text.length + 1];
    System.arraycopy(text, 0, out, 0, text.length);
    return out;
  }

  private static byte[] intBytes(int v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, v);
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    writeShort(out, v & 0xFFFF);
    writeShort(out, v >>> 16);
  }

  private static void writeShort(ByteArrayOutputStream out, int v) {
    out.write(v & 0xFF);
    out.write((v >>> 8) & 0xFF);
  }
}
