package dev.switchboard.gateway.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.SmtpOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/**
 * What the outbox sender's tests start from: a GreenMail SMTP server, a Vert.x with a pool on the test database (its
 * tables emptied) and the relay that speaks to that server without TLS or login.
 */
final class SenderFixture implements AutoCloseable {
  final GreenMail mail;
  final Vertx vertx;
  final Pool pool;

  private SenderFixture(GreenMail mail, Vertx vertx, Pool pool) {
    this.mail = mail;
    this.vertx = vertx;
    this.pool = pool;
  }

  static SenderFixture start() {
    GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    Vertx vertx = Vertx.vertx();
    Pool pool = TestDatabase.pool(vertx);
    TestDatabase.truncate(pool).await();
    return new SenderFixture(mail, vertx, pool);
  }

  SmtpMailSender relay() {
    return new SmtpMailSender(new SmtpOptions(
        "127.0.0.1", mail.getSmtp().getPort(), TransportSecurity.NONE, null, null, 5, null, MailAuth.PASSWORD, null));
  }

  /** The id of the mailbox the mails are sent from. */
  long mailbox() {
    return new MailboxRepository(pool).upsert("support", "support@example.com").await().id();
  }

  @Override
  public void close() {
    pool.close().await();
    vertx.close().await();
    mail.stop();
  }
}
