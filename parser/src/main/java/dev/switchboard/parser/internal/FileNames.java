package dev.switchboard.parser.internal;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Attachment names that are safe to show and to use as a download name: never a path, never control characters. */
public final class FileNames {
  private static final int MAX_LENGTH = 200;
  private static final Pattern UNSAFE = Pattern.compile("[\\p{Cntrl}\\p{Cf}<>:\"|?*]");
  private static final Map<String, String> EXTENSIONS = Map.ofEntries(
      Map.entry("text/plain", "txt"), Map.entry("text/html", "html"), Map.entry("text/calendar", "ics"),
      Map.entry("text/csv", "csv"), Map.entry("message/rfc822", "eml"), Map.entry("message/delivery-status", "txt"),
      Map.entry("text/rfc822-headers", "txt"), Map.entry("message/disposition-notification", "txt"),
      Map.entry("application/pdf", "pdf"), Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"),
      Map.entry("image/gif", "gif"), Map.entry("application/zip", "zip"), Map.entry("application/json", "json"),
      Map.entry("application/pgp-signature", "asc"), Map.entry("application/pkcs7-signature", "p7s"));

  private FileNames() {}

  /**
   * The last path segment of the declared name with control, bidi-override and shell/Windows-reserved characters
   * removed; a generated {@code attachment-<n>.<ext>} when nothing usable is left.
   */
  public static String sanitize(String declared, String mimeType, int index) {
    String name = declared == null ? "" : declared;
    name = name.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    name = UNSAFE.matcher(name).replaceAll("_").strip();
    while (name.startsWith(".")) {
      name = name.substring(1);
    }
    if (name.length() > MAX_LENGTH) {
      int dot = name.lastIndexOf('.');
      String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
      name = name.substring(0, MAX_LENGTH - ext.length()) + ext;
    }
    if (name.isBlank() || name.chars().allMatch(c -> c == '_')) {
      String ext = EXTENSIONS.getOrDefault(mimeType.toLowerCase(Locale.ROOT), "bin");
      return "attachment-" + index + "." + ext;
    }
    return name;
  }
}
