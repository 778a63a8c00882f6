package dev.switchboard.parser.internal;

import dev.switchboard.parser.AttachmentContent;
import dev.switchboard.parser.Classification;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.MailClassifier;
import dev.switchboard.parser.MailHeader;
import dev.switchboard.parser.ParsedAttachment;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.parser.ParserLimits;
import dev.switchboard.parser.ReplyExtractor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.field.LenientFieldParser;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.io.MaxLineLimitException;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.message.MultipartImpl;
import org.apache.james.mime4j.storage.Storage;
import org.apache.james.mime4j.storage.StorageBodyFactory;
import org.apache.james.mime4j.storage.StorageOutputStream;
import org.apache.james.mime4j.storage.StorageProvider;
import org.apache.james.mime4j.storage.TempFileStorageProvider;
import org.apache.james.mime4j.storage.ThresholdStorageProvider;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The mime4j-backed implementation behind {@link dev.switchboard.parser.EmailParser}. One instance per message. */
public final class MimeParser {
  private static final Logger LOG = LoggerFactory.getLogger(MimeParser.class);

  /** Real mail has single-line HTML bodies of hundreds of KB; mime4j's default of 1000 would reject them. */
  private static final int MAX_LINE_LENGTH = 1_000_000;
  private static final int MAX_HEADER_LENGTH = 1_000_000;
  /** The text body is held in memory as a String, so it is capped independently of attachment storage. */
  static final int MAX_TEXT_BYTES = 8 * 1024 * 1024;
  private static final int MAX_REFERENCES = 200;

  private static final Set<String> KNOWN_TRANSFER_ENCODINGS =
      Set.of("7bit", "8bit", "binary", "base64", "quoted-printable");

  private final ParserLimits limits;
  private final WarningCollector warnings = new WarningCollector();
  private final StorageProvider storage;
  private final List<Storage> ownedStorage = new ArrayList<>();
  /** Entities parsed out of containers (opaque S/MIME); their bodies live until the email is closed. */
  private final List<Message> ownedMessages = new ArrayList<>();
  private final List<ParsedAttachment> attachments = new ArrayList<>();
  private final List<String> plainParts = new ArrayList<>();
  private final List<String> htmlParts = new ArrayList<>();
  private boolean nestingWarned;

  private MimeParser(ParserLimits limits) {
    this.limits = limits;
    // mime4j rejects a threshold of 0; 1 byte means the same thing: every body goes to a temporary file
    this.storage = new ThresholdStorageProvider(new TempFileStorageProvider(),
        Math.max(1, limits.inMemoryThresholdBytes()));
  }

  /** Never throws: anything unexpected becomes a failed result with a warning. */
  public static ParsedEmail parse(InputStream raw, ParserLimits limits) {
    return parse(limits, parser -> parser.run(raw));
  }

  /**
   * The same for bytes already in memory, read where they are: copying them into the parser's storage first was a
   * tenth of the parse's CPU. The array is only read.
   */
  public static ParsedEmail parse(byte[] raw, ParserLimits limits) {
    return parse(limits, parser -> parser.runStored(new ArrayStorage(raw)));
  }

  private static ParsedEmail parse(ParserLimits limits, Function<MimeParser, ParsedEmail> run) {
    MimeParser parser = new MimeParser(limits);
    try {
      return run.apply(parser);
    } catch (Exception | StackOverflowError e) {
      LOG.warn("parse failed unexpectedly error={}", e.getClass().getName());
      parser.warnings.add("internal-error", e.getClass().getName());
      parser.releaseStorage();
      return failed(parser.warnings, List.of());
    }
  }

  private ParsedEmail run(InputStream raw) {
    Storage rawCopy;
    try {
      StorageOutputStream out = storage.createStorageOutputStream();
      raw.transferTo(out);
      rawCopy = out.toStorage();
    } catch (IOException e) {
      warnings.add("io-error", e.getClass().getSimpleName());
      return failed(warnings, List.of());
    }
    return runStored(rawCopy);
  }

  private ParsedEmail runStored(Storage rawCopy) {
    Message message;
    try {
      message = build(rawCopy);
    } finally {
      rawCopy.delete();
    }
    if (message == null) {
      return failed(warnings, List.of());
    }
    try {
      return extract(message);
    } catch (RuntimeException | StackOverflowError e) {
      message.dispose();
      releaseStorage();
      throw e;
    }
  }

  private Message build(Storage rawCopy) {
    Message message = buildWithinLimits(rawCopy, false);
    if (message != null && message.getHeader().getFields().isEmpty()) {
      // nothing looked like a header: salvage the bytes as a body instead of dropping them line by line
      message.dispose();
      message = buildWithinLimits(rawCopy, true);
    }
    return message;
  }

  private Message buildWithinLimits(Storage rawCopy, boolean headless) {
    try {
      return build(rawCopy, boundedConfig(headless));
    } catch (MimeException | IOException e) {
      if (!isLimit(e)) {
        warnings.add("unparseable", e.getClass().getSimpleName());
        return null;
      }
      // a limit hit inside mime4j aborts the whole parse; rather keep the message and trim headers ourselves
      warnings.add("limit-exceeded", "limit=" + limitName(e));
      try {
        return build(rawCopy, relaxedConfig(headless));
      } catch (MimeException | IOException again) {
        warnings.add("unparseable", again.getClass().getSimpleName());
        return null;
      }
    }
  }

  private Message build(Storage rawCopy, MimeConfig config) throws MimeException, IOException {
    DefaultMessageBuilder builder = new DefaultMessageBuilder();
    builder.setMimeEntityConfig(config);
    builder.setDecodeMonitor(warnings);
    builder.setFieldParser(LenientFieldParser.getParser());
    builder.setBodyFactory(new StorageBodyFactory(storage, warnings));
    try (InputStream in = rawCopy.getInputStream()) {
      return builder.parseMessage(in);
    }
  }

  /**
   * Not strict, so a broken part degrades to a warning. A malformed header line is skipped rather than taken as the
   * start of the body (an mbox "From " line or one bad field must not turn the real headers into text), except in the
   * headless retry.
   */
  private MimeConfig boundedConfig(boolean headless) {
    return MimeConfig.custom()
        .setStrictParsing(false)
        .setMalformedHeaderStartsBody(headless)
        .setMaxLineLen(MAX_LINE_LENGTH)
        .setMaxHeaderLen(MAX_HEADER_LENGTH)
        .setMaxHeaderCount(limits.maxHeaderCount())
        .setMaxContentLen(-1)
        .build();
  }

  /** Only used after a limit was hit: memory then stays proportional to the input, already fully stored. */
  private static MimeConfig relaxedConfig(boolean headless) {
    return MimeConfig.custom()
        .setStrictParsing(false)
        .setMalformedHeaderStartsBody(headless)
        .setMaxLineLen(-1)
        .setMaxHeaderLen(-1)
        .setMaxHeaderCount(-1)
        .setMaxContentLen(-1)
        .build();
  }

  private static boolean isLimit(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MaxHeaderLimitException || t instanceof MaxLineLimitException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String limitName(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MaxHeaderLimitException) {
        return "header-count";
      }
      if (t instanceof MaxLineLimitException) {
        return "line-length";
      }
    }
    return "unknown";
  }

  private ParsedEmail extract(Message message) {
    List<Field> fields = message.getHeader().getFields();
    List<MailHeader> headers = new ArrayList<>();
    for (Field field : fields) {
      if (headers.size() >= limits.maxHeaderCount()) {
        warnings.add("header-limit", "kept=" + limits.maxHeaderCount() + " total=" + fields.size());
        break;
      }
      headers.add(new MailHeader(field.getName(), Headers.decodedValue(field, warnings)));
    }
    walk(message, 0);

    String messageId = Headers.firstMessageId(raw(message, "Message-ID"));
    String inReplyTo = Headers.firstMessageId(raw(message, "In-Reply-To"));
    List<String> references = Headers.messageIds(raw(message, "References"));
    if (references.size() > MAX_REFERENCES) {
      // the newest ids matter for threading; the oldest are kept too, as the thread root
      List<String> trimmed = new ArrayList<>(references.subList(0, 1));
      trimmed.addAll(references.subList(references.size() - (MAX_REFERENCES - 1), references.size()));
      references = trimmed;
      warnings.add("references-limit", "max=" + MAX_REFERENCES);
    }
    String subject = decoded(message, "Subject");
    String returnPathRaw = raw(message, "Return-Path");
    String returnPath = returnPathRaw == null ? null : Headers.returnPath(returnPathRaw);
    EmailAddress from = sender(message, returnPath);
    OffsetDateTime date = MailDates.parse(raw(message, "Date"));
    if (date == null && raw(message, "Date") != null) {
      warnings.add("bad-date", "");
    }

    String text = String.join("\n", plainParts);
    String html = htmlParts.isEmpty() ? null : String.join("\n", htmlParts);
    if (text.isBlank() && html != null) {
      text = Html.toText(html);
    }
    String sanitized = html == null ? null : Html.sanitize(html);
    if (sanitized != null) {
      warnUnresolvedCids(sanitized);
    }
    boolean failed = fields.isEmpty();
    if (failed) {
      warnings.add("not-a-message", "no header fields");
    }
    LOG.debug("message parsed attachments={} warnings={} failed={}", attachments.size(),
        warnings.warnings().size(), failed);

    AutoCloseable resources = () -> {
      message.dispose();
      releaseStorage();
    };
    ParsedEmail draft = new ParsedEmail(messageId, inReplyTo, references, subject, from,
        Addresses.parse(raw(message, "To"), warnings), Addresses.parse(raw(message, "Cc"), warnings),
        Addresses.parse(raw(message, "Reply-To"), warnings), returnPath, date, headers, text,
        plainParts.isEmpty() && html != null ? ReplyExtractor.extractHtml(html) : ReplyExtractor.extract(text),
        sanitized, attachments, Classification.human(), null, List.of(), failed,
        resources);
    MailClassifier.Result verdict = MailClassifier.classify(draft);
    return new ParsedEmail(draft.messageId(), draft.inReplyTo(), draft.references(), draft.subject(), draft.from(),
        draft.to(), draft.cc(), draft.replyTo(), draft.returnPath(), draft.date(), draft.headers(), draft.text(),
        draft.reply(), draft.html(), draft.attachments(), verdict.classification(), verdict.bounce(),
        warnings.warnings(), failed, resources);
  }

  /**
   * The author: the first From address with a domain (some broken senders write two From headers, one empty or
   * bare); without one, Sender, then Reply-To, then the envelope sender, with warning {@code from-fallback}.
   */
  private EmailAddress sender(Message message, String returnPath) {
    EmailAddress bare = null;
    for (Field field : message.getHeader().getFields("From")) {
      for (EmailAddress from : Addresses.parse(Headers.rawValue(field), warnings)) {
        if (!from.domain().isEmpty()) {
          return from;
        }
        bare = bare == null ? from : bare;
      }
    }
    for (String header : List.of("Sender", "Reply-To")) {
      for (EmailAddress fallback : Addresses.parse(raw(message, header), warnings)) {
        if (!fallback.domain().isEmpty()) {
          warnings.add("from-fallback", "source=" + header);
          return fallback;
        }
      }
    }
    if (returnPath != null && returnPath.indexOf('@') > 0) {
      warnings.add("from-fallback", "source=Return-Path");
      return EmailAddress.of(returnPath);
    }
    // a From without a domain ("From: undisclosed") is still better than none
    return bare;
  }

  /** {@code cid:} images resolve through {@link ParsedAttachment#contentId()}; say so when one cannot. */
  private void warnUnresolvedCids(String html) {
    Set<String> known = new HashSet<>();
    for (ParsedAttachment attachment : attachments) {
      if (attachment.contentId() != null) {
        known.add(attachment.contentId());
      }
    }
    for (String cid : Html.cidReferences(html)) {
      if (!known.contains(cid)) {
        warnings.add("cid-unresolved", "cid=" + cid);
      }
    }
  }

  private static ParsedEmail failed(WarningCollector warnings, List<MailHeader> headers) {
    return new ParsedEmail(null, null, List.of(), "", null, List.of(), List.of(), List.of(), null, null, headers,
        "", "", null, List.of(), Classification.human(), null, warnings.warnings(), true, null);
  }

  private void releaseStorage() {
    ownedMessages.forEach(Message::dispose);
    ownedMessages.clear();
    ownedStorage.forEach(Storage::delete);
    ownedStorage.clear();
  }

  private static String raw(Entity entity, String name) {
    Field field = entity.getHeader().getField(name);
    return field == null ? null : Headers.rawValue(field);
  }

  private String decoded(Entity entity, String name) {
    Field field = entity.getHeader().getField(name);
    return field == null ? null : Headers.decodedValue(field, warnings);
  }

  private void walk(Entity entity, int depth) {
    Body body = entity.getBody();
    if (body instanceof Multipart multipart) {
      if (depth >= limits.maxNestingDepth()) {
        if (!nestingWarned) {
          warnings.add("nesting-limit", "max=" + limits.maxNestingDepth());
          nestingWarned = true;
        }
        return;
      }
      if (multipart.getBodyParts().isEmpty() && multipart instanceof MultipartImpl impl
          && impl.getPreambleRaw() != null) {
        // the declared boundary never occurs: everything landed in the preamble
        byte[] preamble = impl.getPreambleRaw().toByteArray();
        if (!reparseWithSniffedBoundary(preamble, depth)) {
          plainParts.add(Charsets.decode(preamble, null, warnings).replace("\r\n", "\n").replace("\u0000", ""));
        }
        return;
      }
      if ("signed".equalsIgnoreCase(multipart.getSubType())) {
        // the first part is the content; the signature (smime.p7s, signature.asc) becomes an attachment
        String protocol = MimeParams.parse(raw(entity, "Content-Type"), warnings).get("protocol");
        warnings.add("signature-not-verified", "protocol=" + (protocol == null ? "" : protocol));
      }
      if ("alternative".equalsIgnoreCase(multipart.getSubType())) {
        walkAlternative(multipart, depth);
      } else {
        for (Entity part : multipart.getBodyParts()) {
          walk(part, depth + 1);
        }
      }
    } else if (body instanceof Message nested) {
      attachNestedMessage(entity, nested);
    } else if (body instanceof SingleBody single) {
      leaf(entity, single, depth);
    }
  }

  /**
   * Alternatives carry the same content: the plain text from the first alternative that has one, the HTML from the
   * richest (last) one; inline images of a multipart/related alternative are kept as attachments.
   */
  private void walkAlternative(Multipart multipart, int depth) {
    List<String> plainBefore = new ArrayList<>(plainParts);
    List<String> htmlBefore = new ArrayList<>(htmlParts);
    String chosenPlain = null;
    String chosenHtml = null;
    for (Entity part : multipart.getBodyParts()) {
      plainParts.clear();
      htmlParts.clear();
      walk(part, depth + 1);
      if (chosenPlain == null && !plainParts.isEmpty()) {
        chosenPlain = String.join("\n", plainParts);
      }
      if (!htmlParts.isEmpty()) {
        chosenHtml = String.join("\n", htmlParts);
      }
    }
    plainParts.clear();
    plainParts.addAll(plainBefore);
    htmlParts.clear();
    htmlParts.addAll(htmlBefore);
    if (chosenPlain != null) {
      plainParts.add(chosenPlain);
    }
    if (chosenHtml != null) {
      htmlParts.add(chosenHtml);
    }
  }

  private void leaf(Entity entity, SingleBody body, int depth) {
    MimeParams type = MimeParams.parse(raw(entity, "Content-Type"), warnings);
    MimeParams disposition = MimeParams.parse(raw(entity, "Content-Disposition"), warnings);
    String mimeType = type.value().isEmpty() || !type.value().contains("/") ? "text/plain" : type.value();
    String transferEncoding = raw(entity, "Content-Transfer-Encoding");
    if (transferEncoding != null && !KNOWN_TRANSFER_ENCODINGS.contains(transferEncoding.strip().toLowerCase(Locale.ROOT))) {
      // mime4j passes the bytes through undecoded, which is the best guess for typos such as "8-bit"
      warnings.add("unknown-transfer-encoding", "encoding=" + transferEncoding.strip());
    }
    if (mimeType.startsWith("multipart/")) {
      // a multipart without a boundary parameter arrives as one body; find the boundary its lines use
      try (InputStream in = body.getInputStream()) {
        if (reparseWithSniffedBoundary(in.readNBytes(MAX_TEXT_BYTES), depth)) {
          return;
        }
      } catch (IOException e) {
        warnings.add("text-unreadable", e.getClass().getSimpleName());
      }
      mimeType = "text/plain";
    }
    String declaredName = disposition.get("filename") != null ? disposition.get("filename") : type.get("name");
    boolean isText = mimeType.equals("text/plain") || mimeType.equals("text/html");
    if (isText && !"attachment".equals(disposition.value()) && declaredName == null) {
      String content = readText(body, type.get("charset"), transferEncoding);
      if (mimeType.equals("text/html")) {
        htmlParts.add(content);
      } else {
        plainParts.add(content);
      }
      return;
    }
    String contentId = Headers.contentId(raw(entity, "Content-ID"));
    boolean inline = "inline".equals(disposition.value()) || disposition.value().isEmpty() && contentId != null;
    String filename = FileNames.sanitize(declaredName, mimeType, attachments.size() + 1);
    long size;
    try (InputStream in = body.getInputStream()) {
      Digest digest = Digest.of(in);
      size = digest.size;
      addAttachment(filename, mimeType, inline, contentId, digest, body::getInputStream);
    } catch (IOException e) {
      warnings.add("attachment-unreadable", "filename=" + filename);
      return;
    }
    // containers stay attachments as they came (the agent can forward them untouched); what is inside is added
    if (Tnef.isTnef(mimeType, declaredName)) {
      unpackTnef(body, filename, size);
    } else if (mimeType.equals("application/pkcs7-mime") || mimeType.equals("application/x-pkcs7-mime")) {
      unwrapSmime(body, filename, size, depth);
    }
  }

  private void unpackTnef(SingleBody body, String container, long size) {
    if (tooLargeToUnpack(size, container)) {
      return;
    }
    List<Tnef.File> files;
    try (InputStream in = body.getInputStream()) {
      files = Tnef.unpack(in);
    } catch (IOException | RuntimeException e) {
      // POI reports a corrupt container with assorted runtime exceptions; the container itself is already kept
      warnings.add("tnef-undecodable", "filename=" + container + " error=" + e.getClass().getSimpleName());
      return;
    }
    for (Tnef.File file : files) {
      String filename = FileNames.sanitize(file.name(), file.contentType(), attachments.size() + 1);
      try {
        Storage stored = storage.store(new ByteArrayInputStream(file.bytes()));
        ownedStorage.add(stored);
        Digest digest = Digest.of(new ByteArrayInputStream(file.bytes()));
        addAttachment(filename, file.contentType(), false, null, digest, stored::getInputStream);
      } catch (IOException e) {
        warnings.add("attachment-unreadable", "filename=" + filename);
      }
    }
  }

  private void unwrapSmime(SingleBody body, String container, long size, int depth) {
    if (tooLargeToUnpack(size, container)) {
      return;
    }
    Smime.Content content;
    try (InputStream in = body.getInputStream()) {
      content = Smime.read(in.readAllBytes());
    } catch (IOException e) {
      warnings.add("smime-undecodable", "filename=" + container + " error=" + e.getMessage());
      return;
    }
    if (content instanceof Smime.Encrypted encrypted) {
      warnings.add("encrypted-message", "filename=" + container + " type=" + encrypted.kind());
    } else if (content instanceof Smime.Other other) {
      warnings.add("smime-unsupported", "filename=" + container + " oid=" + other.oid());
    } else if (content instanceof Smime.Signed signed) {
      warnings.add("signature-not-verified", "filename=" + container);
      if (signed.mime() == null) {
        warnings.add("smime-no-content", "filename=" + container);
      } else if (depth >= limits.maxNestingDepth()) {
        warnings.add("nesting-limit", "max=" + limits.maxNestingDepth());
      } else {
        walkUnwrapped(signed.mime(), depth);
      }
    }
  }

  /**
   * A multipart whose boundary is missing or wrong: if some {@code --token} line occurs at least twice in the content,
   * that is the boundary the sender really used, and the content is parsed again as a multipart/mixed with it.
   */
  private boolean reparseWithSniffedBoundary(byte[] content, int depth) {
    String boundary = Boundaries.sniff(content);
    if (boundary == null || depth + 1 >= limits.maxNestingDepth()) {
      warnings.add("boundary-not-found", "");
      return false;
    }
    warnings.add("boundary-guessed", "boundary=" + boundary);
    byte[] header = ("Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] mime = new byte[header.length + content.length];
    System.arraycopy(header, 0, mime, 0, header.length);
    System.arraycopy(content, 0, mime, header.length, content.length);
    walkUnwrapped(mime, depth);
    return true;
  }

  /** The signed content is a MIME entity of its own: its text and attachments count as the message's. */
  private void walkUnwrapped(byte[] mime, int depth) {
    Message inner;
    try {
      DefaultMessageBuilder builder = new DefaultMessageBuilder();
      builder.setMimeEntityConfig(boundedConfig(false));
      builder.setDecodeMonitor(warnings);
      builder.setFieldParser(LenientFieldParser.getParser());
      builder.setBodyFactory(new StorageBodyFactory(storage, warnings));
      inner = builder.parseMessage(new ByteArrayInputStream(mime));
    } catch (IOException e) {
      warnings.add("smime-undecodable", "error=" + e.getClass().getSimpleName());
      return;
    }
    ownedMessages.add(inner);
    walk(inner, depth + 1);
  }

  /** TNEF and CMS readers hold the whole container in memory; past the attachment limit it is kept, not opened. */
  private boolean tooLargeToUnpack(long size, String container) {
    if (size > limits.maxAttachmentBytes()) {
      warnings.add("container-too-large", "filename=" + container + " size=" + size);
      return true;
    }
    return false;
  }

  /** message/rfc822 stays one attachment (an .eml the agent can open); its own text is reachable by parsing it. */
  private void attachNestedMessage(Entity entity, Message nested) {
    MimeParams disposition = MimeParams.parse(raw(entity, "Content-Disposition"), warnings);
    String subject = decoded(nested, "Subject");
    String declared = disposition.get("filename") != null ? disposition.get("filename")
        : subject == null || subject.isBlank() ? null : subject + ".eml";
    String filename = FileNames.sanitize(declared, "message/rfc822", attachments.size() + 1);
    try {
      StorageOutputStream out = storage.createStorageOutputStream();
      DigestOutputStream digesting = new DigestOutputStream(out, newSha256());
      CountingOutputStream counting = new CountingOutputStream(digesting);
      new DefaultMessageWriter().writeMessage(nested, counting);
      Storage stored = out.toStorage();
      ownedStorage.add(stored);
      Digest digest = new Digest(counting.count, HexFormat.of().formatHex(digesting.getMessageDigest().digest()));
      String contentId = Headers.contentId(raw(entity, "Content-ID"));
      addAttachment(filename, "message/rfc822", "inline".equals(disposition.value()), contentId, digest,
          stored::getInputStream);
    } catch (IOException e) {
      warnings.add("attachment-unreadable", "filename=" + filename);
    }
  }

  private void addAttachment(String filename, String mimeType, boolean inline, String contentId, Digest digest,
      AttachmentContent content) {
    AttachmentContent kept = content;
    if (attachments.size() >= limits.maxAttachments()) {
      warnings.add("attachment-count-limit", "filename=" + filename);
      kept = null;
    } else if (digest.size > limits.maxAttachmentBytes()) {
      warnings.add("attachment-size-limit", "filename=" + filename + " size=" + digest.size);
      kept = null;
    }
    attachments.add(new ParsedAttachment(filename, mimeType, digest.size, inline, contentId, digest.sha256, kept));
  }

  private String readText(SingleBody body, String charset, String transferEncoding) {
    try (InputStream in = body.getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_TEXT_BYTES);
      if (in.read() >= 0) {
        warnings.add("text-truncated", "max=" + MAX_TEXT_BYTES);
      }
      String declared = transferEncoding == null ? "" : transferEncoding.strip().toLowerCase(Locale.ROOT);
      if (!declared.equals("quoted-printable") && !declared.equals("base64")) {
        Charset label = Charsets.forLabel(charset);
        byte[] decoded = QuotedPrintable.decodeIfEncoded(bytes, label == null || label.equals(StandardCharsets.UTF_8));
        if (decoded != null) {
          warnings.add("quoted-printable-undeclared", "decoded");
          bytes = decoded;
        }
      }
      // one line-ending convention for everything downstream; NUL is never text and PostgreSQL rejects it
      return Charsets.decode(bytes, charset, warnings).replace("\r\n", "\n").replace("\u0000", "");
    } catch (IOException e) {
      warnings.add("text-unreadable", e.getClass().getSimpleName());
      return "";
    }
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }

  private record Digest(long size, String sha256) {
    static Digest of(InputStream in) throws IOException {
      MessageDigest md = newSha256();
      byte[] buffer = new byte[8192];
      long size = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
        size += n;
      }
      return new Digest(size, HexFormat.of().formatHex(md.digest()));
    }
  }

  private static final class CountingOutputStream extends OutputStream {
    private final OutputStream delegate;
    private long count;

    CountingOutputStream(OutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      delegate.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      delegate.write(b, off, len);
      count += len;
    }
  }

  /** Bytes the caller holds, as mime4j storage: read in place, nothing to delete. */
  private record ArrayStorage(byte[] bytes) implements Storage {
    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete() {
      // the caller's array: nothing was allocated here
    }
  }
}
