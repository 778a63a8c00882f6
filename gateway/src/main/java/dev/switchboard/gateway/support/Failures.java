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
      if (c.getClass().getName().startsWith("io.vertx.core.VertxException")
          || c.getClass().getName().contains("ClosedConnection")) {
        return true;
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
