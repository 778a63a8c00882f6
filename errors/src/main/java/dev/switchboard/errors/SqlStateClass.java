package dev.switchboard.errors;

/**
 * The classes of PostgreSQL's SQLSTATE codes (the first two characters) that Switchboard tells apart, each knowing
 * whether a statement that failed with it is worth retrying. See the PostgreSQL manual, appendix "Error Codes".
 */
public enum SqlStateClass {
  /** 08: the connection was lost or refused. */
  CONNECTION_EXCEPTION("08", SwitchboardException.Retry.TRANSIENT),
  /** 22: a value out of range, a bad encoding, a division by zero. */
  DATA_EXCEPTION("22", SwitchboardException.Retry.PERMANENT),
  /** 23: a unique, foreign-key, not-null or check constraint refused the row. */
  INTEGRITY_CONSTRAINT_VIOLATION("23", SwitchboardException.Retry.PERMANENT),
  /** 25: a statement in an aborted or read-only transaction. */
  INVALID_TRANSACTION_STATE("25", SwitchboardException.Retry.PERMANENT),
  /** 40: a serialization failure or a deadlock: the transaction was rolled back and may simply be run again. */
  TRANSACTION_ROLLBACK("40", SwitchboardException.Retry.TRANSIENT),
  /** 42: a syntax error or an unknown table or column: a bug or a schema that was not migrated. */
  SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION("42", SwitchboardException.Retry.PERMANENT),
  /** 53: disk full, out of memory, too many connections. */
  INSUFFICIENT_RESOURCES("53", SwitchboardException.Retry.TRANSIENT),
  /** 54: a statement too complex or a value too large for the server's limits. */
  PROGRAM_LIMIT_EXCEEDED("54", SwitchboardException.Retry.PERMANENT),
  /** 55: the object is in use or locked ({@code lock_not_available}). */
  OBJECT_NOT_IN_PREREQUISITE_STATE("55", SwitchboardException.Retry.TRANSIENT),
  /** 57: the server is shutting down, the statement was cancelled, or the server cannot connect now. */
  OPERATOR_INTERVENTION("57", SwitchboardException.Retry.TRANSIENT),
  /** 58: an I/O error on the server. */
  SYSTEM_ERROR("58", SwitchboardException.Retry.TRANSIENT),
  /** XX: an internal error, such as corrupt data. */
  INTERNAL_ERROR("XX", SwitchboardException.Retry.PERMANENT),
  /** Any class not named above. */
  OTHER("", SwitchboardException.Retry.PERMANENT);

  private final String code;
  private final SwitchboardException.Retry retry;

  SqlStateClass(String code, SwitchboardException.Retry retry) {
    this.code = code;
    this.retry = retry;
  }

  /** The class of a five-character SQLSTATE; {@link #OTHER} for an unknown class, null or a malformed state. */
  public static SqlStateClass of(String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      return OTHER;
    }
    String prefix = sqlState.substring(0, 2);
    for (SqlStateClass c : values()) {
      if (c != OTHER && c.code.equals(prefix)) {
        return c;
      }
    }
    return OTHER;
  }

  /** The two characters of the class, empty for {@link #OTHER}. */
  public String code() {
    return code;
  }

  public SwitchboardException.Retry retry() {
    return retry;
  }
}
