package dev.switchboard.parser;

import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded bytes of one attachment. Small contents live in memory, large ones in temporary storage owned by the
 * {@link ParsedEmail}; read them before the email is closed.
 */
public interface AttachmentContent {
  InputStream openStream() throws IOException;
}
