package dev.switchboard.gateway.mail;

/** One-line descriptions of Jakarta Mail failures, whose own message often hides the socket error underneath. */
final class MailErrors {
  private MailErrors() {}

  /** The exception's message, with its root cause appended when there is one. */
  static String describe(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String base = String.valueOf(e.getMessage()).strip();
    return root == e ? base : base + " (" + root + ")";
  }
}
