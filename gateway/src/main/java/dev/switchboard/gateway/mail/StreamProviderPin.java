package dev.switchboard.gateway.mail;

import jakarta.mail.util.StreamProvider;

/**
 * Names Angus Mail's {@link StreamProvider} in the system property Jakarta Mail reads first.
 *
 * <p>Why: without it, {@code StreamProvider.provider()} runs a {@link java.util.ServiceLoader} scan of the class path on
 * every call, and Jakarta Mail 2.1 calls it several times for every message written or parsed (headers, body parts,
 * encoders). Profiled in {@code switchboard bench}, that scan was more than half of the SMTP sender's CPU. With the
 * property set, the lookup is a loaded-class lookup and a constructor call.
 */
public final class StreamProviderPin {
  static final String PROPERTY = StreamProvider.class.getName();
  static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

  private StreamProviderPin() {}

  /** Sets the property unless the operator already did; idempotent and cheap, so every mail component may call it. */
  public static void install() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, ANGUS);
    }
  }
}
