package dev.switchboard.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.errors.SwitchboardException.Retry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlStateClassTest {
  @ParameterizedTest(name = "{0} is {1}, {2}")
  @CsvSource({
    "08006, CONNECTION_EXCEPTION, TRANSIENT",
    "08001, CONNECTION_EXCEPTION, TRANSIENT",
    "22001, DATA_EXCEPTION, PERMANENT",
    "23505, INTEGRITY_CONSTRAINT_VIOLATION, PERMANENT",
    "23503, INTEGRITY_CONSTRAINT_VIOLATION, PERMANENT",
    "25P02, INVALID_TRANSACTION_STATE, PERMANENT",
    "40001, TRANSACTION_ROLLBACK, TRANSIENT",
    "40P01, TRANSACTION_ROLLBACK, TRANSIENT",
    "42P01, SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION, PERMANENT",
    "53300, INSUFFICIENT_RESOURCES, TRANSIENT",
    "54000, PROGRAM_LIMIT_EXCEEDED, PERMANENT",
    "55P03, OBJECT_NOT_IN_PREREQUISITE_STATE, TRANSIENT",
    "57P01, OPERATOR_INTERVENTION, TRANSIENT",
    "57014, OPERATOR_INTERVENTION, TRANSIENT",
    "58030, SYSTEM_ERROR, TRANSIENT",
    "XX001, INTERNAL_ERROR, PERMANENT",
    "P0001, OTHER, PERMANENT",
  })
  void classifiesEachSqlState(String state, SqlStateClass expected, Retry retry) {
    assertThat(SqlStateClass.of(state)).as("class of %s", state).isEqualTo(expected);
    assertThat(SqlStateClass.of(state).retry()).as("retry of %s", state).isEqualTo(retry);
  }

  @Test
  void nullOrMalformedStateIsOther() {
    assertThat(SqlStateClass.of(null)).isEqualTo(SqlStateClass.OTHER);
    assertThat(SqlStateClass.of("")).isEqualTo(SqlStateClass.OTHER);
    assertThat(SqlStateClass.of("235")).isEqualTo(SqlStateClass.OTHER);
    assertThat(SqlStateClass.OTHER.retry()).isEqualTo(Retry.PERMANENT);
  }

  @Test
  void retryIsReadFromTheOutermostSwitchboardExceptionInTheChain() {
    Throwable inner = SwitchboardException.transientFault("connection lost");
    Throwable outer = new IllegalStateException("wrapped", inner);
    assertThat(SwitchboardException.retryOf(outer)).isEqualTo(Retry.TRANSIENT);
    assertThat(SwitchboardException.retryOf(SwitchboardException.permanent("bad", inner))).isEqualTo(Retry.PERMANENT);
    assertThat(SwitchboardException.retryOf(new NullPointerException())).isEqualTo(Retry.PERMANENT);
  }
}
