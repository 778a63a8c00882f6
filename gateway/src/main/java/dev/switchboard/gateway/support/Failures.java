package dev.switchboard.gateway.support;

import dev.switchboard.store.SwitchboardException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Reads any failure as transient (worth retrying later) or permanent. */
public final class Failures {
  private Failures() {}

  public static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SwitchboardException s) {
        return s.isTransient();
      }
      if (c instanceof PgException pg) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        // connection trouble, serialization failures and deadlocks, insufficient resources, operator intervention
        return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57");
      }
      if (c instanceof IOException || c instanceof TimeoutException) {
        return true;
      }
      if (c.getClass().getName().contains("ClosedConnection")) {
        return true;
      }
      if (c instanceof io.vertx.core.VertxException && c.getMessage() != null) {
        // Vert.x reports lost connections and timeouts with this type, but also programming errors: only the former
        // are worth a retry
        String m = c.getMessage().toLowerCase(java.util.Locale.ROOT);
        return m.contains("closed") || m.contains("connection") || m.contains("timeout") || m.contains("timed out");
      }
    }
    return false;
  }

  /** A short one-line description for logs and ticket notes: never a message body. */
  public static String describe(Throwable t) {
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
  }
}
