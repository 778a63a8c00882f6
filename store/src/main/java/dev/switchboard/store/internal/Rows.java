package dev.switchboard.store.internal;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Row-set helpers shared by the repositories. */
public final class Rows {
  private Rows() {}

  /** Every row mapped, in order. */
  public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(r -> out.add(mapper.apply(r)));
    return out;
  }

  /** The first row mapped, or null when there is none. */
  public static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
  }
}
