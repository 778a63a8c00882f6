package dev.switchboard.parser.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;

/**
 * Outlook's TNEF container ({@code winmail.dat}, {@code application/ms-tnef}) read with Apache POI's HMEF. HMEF holds
 * the whole container in memory, so callers bound its size first.
 */
final class Tnef {
  private Tnef() {}

  /** One file packed inside the container. */
  record File(String name, String contentType, byte[] bytes) {}

  static boolean isTnef(String mimeType, String declaredName) {
    return mimeType.equals("application/ms-tnef") || mimeType.equals("application/vnd.ms-tnef")
        || declaredName != null && declaredName.strip().toLowerCase(Locale.ROOT).endsWith("winmail.dat");
  }

  /** The attached files; a container with none (an RTF-only body) gives an empty list. */
  static List<File> unpack(InputStream in) throws IOException {
    HMEFMessage message = new HMEFMessage(in);
    List<File> files = new ArrayList<>();
    for (Attachment attachment : message.getAttachments()) {
      byte[] bytes = attachment.getContents();
      if (bytes == null) {
        // an embedded OLE object or a rendering without data: nothing a requester would open
        continue;
      }
      String name = attachment.getLongFilename() != null ? attachment.getLongFilename() : attachment.getFilename();
      String type = name == null ? null : URLConnection.guessContentTypeFromName(name);
      files.add(new File(name, type == null ? "application/octet-stream" : type, bytes));
    }
    return files;
  }
}
