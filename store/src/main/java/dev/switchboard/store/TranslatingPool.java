package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * The pool the service uses: the client's own, with failures translated by {@link StoreErrors} where they leave it.
 * Inside {@code withTransaction} the connection is the client's own, so code there still sees the driver's errors
 * (for example to read a unique violation); what leaves the transaction is translated.
 */
final class TranslatingPool implements Pool {
  private final Pool delegate;

  TranslatingPool(Pool delegate) {
    this.delegate = delegate;
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return delegate.getConnection().recover(StoreErrors::fail);
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return new TranslatingQuery<>(delegate.query(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return new TranslatingPreparedQuery<>(delegate.preparedQuery(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new TranslatingPreparedQuery<>(delegate.preparedQuery(sql, options));
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
    return delegate.withTransaction(function).recover(StoreErrors::fail);
  }

  @Override
  public <T> Future<T> withTransaction(
      TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
    return delegate.withTransaction(propagation, function).recover(StoreErrors::fail);
  }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
    return delegate.withConnection(function).recover(StoreErrors::fail);
  }

  @Override
  public int size() {
    return delegate.size();
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }

  private static class TranslatingQuery<T> implements Query<T> {
    private final Query<T> query;

    TranslatingQuery(Query<T> query) {
      this.query = query;
    }

    @Override
    public Future<T> execute() {
      return query.execute().recover(StoreErrors::fail);
    }

    @Override
    public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new TranslatingQuery<>(query.collecting(collector));
    }

    @Override
    public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new TranslatingQuery<>(query.mapping(mapper));
    }
  }

  private static final class TranslatingPreparedQuery<T> implements PreparedQuery<T> {
    private final PreparedQuery<T> query;

    TranslatingPreparedQuery(PreparedQuery<T> query) {
      this.query = query;
    }

    @Override
    public Future<T> execute() {
      return query.execute().recover(StoreErrors::fail);
    }

    @Override
    public Future<T> execute(Tuple tuple) {
      return query.execute(tuple).recover(StoreErrors::fail);
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
      return query.executeBatch(batch).recover(StoreErrors::fail);
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new TranslatingPreparedQuery<>(query.collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new TranslatingPreparedQuery<>(query.mapping(mapper));
    }
  }
}
