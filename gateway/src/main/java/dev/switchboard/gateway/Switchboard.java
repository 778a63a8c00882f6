package dev.switchboard.gateway;

import dev.switchboard.gateway.agent.AgentRouter;
import dev.switchboard.gateway.agent.ReplyToken;
import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.PbxOptions;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.config.TelephonyOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.http.HttpApiVerticle;
import dev.switchboard.gateway.intake.LoopGuard;
import dev.switchboard.gateway.intake.MailIntake;
import dev.switchboard.gateway.intake.ResponseTemplates;
import dev.switchboard.gateway.intake.SubjectTag;
import dev.switchboard.gateway.mail.ImapMailboxVerticle;
import dev.switchboard.gateway.mail.OutboxSenderVerticle;
import dev.switchboard.gateway.mail.SmtpMailSender;
import dev.switchboard.gateway.sla.SchedulerVerticle;
import dev.switchboard.gateway.sla.SlaEventHandler;
import dev.switchboard.gateway.telephony.AmiConnectionVerticle;
import dev.switchboard.gateway.telephony.CallIntake;
import dev.switchboard.gateway.telephony.VoicemailMail;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.Database;
import dev.switchboard.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Switchboard: database, schema, Vert.x and every verticle, started in order and stopped in reverse.
 * Start-up blocks until everything is listening, so a bad config or an unreachable database fails {@link #start}.
 */
public final class Switchboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Switchboard.class);
  private static final long STOP_TIMEOUT_SECONDS = 20;

  private final SwitchboardConfig config;
  private final Database database;
  private final Vertx vertx;
  private final Pool pool;
  private final HealthRegistry health;
  private final int httpPort;

  private Switchboard(
      SwitchboardConfig config, Database database, Vertx vertx, Pool pool, HealthRegistry health, int httpPort) {
    this.config = config;
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
    this.health = health;
    this.httpPort = httpPort;
  }

  public static Database openDatabase(SwitchboardConfig config) {
    var db = config.database();
    if (db.embedded()) {
      Path dir = db.embeddedDataDirectory() == null ? null : Path.of(db.embeddedDataDirectory());
      return Database.embedded(dir, db.embeddedPort());
    }
    return Database.external(ConnectionInfo.fromUrl(db.url(), db.password()));
  }

  public static Switchboard start(SwitchboardConfig config) {
    ResponseTemplates templates = new ResponseTemplates(config.tickets().templatesDirectory());
    SubjectTag subjectTag = new SubjectTag(config.tickets().subjectTag());
    String secret = config.tickets().replyTokenSecret();
    ReplyToken tokens = secret == null ? null : new ReplyToken(secret);
    TicketDesk desk =
        new TicketDesk(config.tickets(), subjectTag, templates, tokens, config.ownAddresses(), config.mailboxes());
    for (int i = 0; i < config.mailboxes().size(); i++) {
      MailboxOptions m = config.mailboxes().get(i);
      List<String> names = new ArrayList<>(List.of("acknowledgment", "agent-reply", "agent-notice"));
      config.tickets().statuses().stream().filter(s -> !config.tickets().silent(s))
          .forEach(s -> names.add(desk.statusTemplate(m.templatesDirectory(), s)));
      templates.validate(m.templatesDirectory(), names, "mailboxes[" + i + "].templatesDirectory");
    }
    Database database = openDatabase(config);
    Vertx vertx = null;
    try {
      Migrations.migrate(database.connection());
      vertx = Vertx.vertx();
      Pool pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(config.database().poolSize()))
              .connectingTo(database.connection().pgConnectOptions())
              .using(vertx)
              .build();
      HealthRegistry health = new HealthRegistry();
      MailIntake intake =
          new MailIntake(
              vertx,
              pool,
              new EmailParser(config.limits().parserLimits()),
              subjectTag,
              new LoopGuard(config.ownAddresses(), config.tickets().acknowledgmentsPerSenderPerHour()),
              templates,
              config.tickets().spamStatus(),
              Math.max(1, config.database().poolSize() / 2));
      TelephonyOptions telephony = config.telephony();
      CallIntake calls = new CallIntake(pool, telephony, config.mailboxes());
      intake.divertWith(new VoicemailMail(telephony.voicemailSenders(), calls));
      intake.coordinateWith(new AgentRouter(desk, tokens, config.ownAddresses(), config.mailboxes()));
      HttpApiVerticle http = new HttpApiVerticle(config.http(), pool, health, telephony.phoneNumbers(), desk);
      Vertx v = vertx;
      Future<?> deployed = v.deployVerticle(http);
      if (config.smtp() != null) {
        OutboxSenderVerticle sender =
            new OutboxSenderVerticle(pool, new SmtpMailSender(config.smtp()), config.outbox(), health);
        deployed = deployed.compose(id -> v.deployVerticle(sender));
      }
      SchedulerVerticle scheduler = new SchedulerVerticle(pool, SlaEventHandler.withOthers(Map.of()), Clock.systemUTC(),
          SchedulerVerticle.DEFAULT_POLL_INTERVAL, SchedulerVerticle.DEFAULT_BATCH_SIZE);
      deployed = deployed.compose(id -> v.deployVerticle(scheduler));
      for (MailboxOptions m : config.mailboxes()) {
        deployed = deployed.compose(id -> v.deployVerticle(new ImapMailboxVerticle(m, pool, intake, health)));
      }
      for (PbxOptions p : telephony.pbxs()) {
        AmiConnectionVerticle pbx = new AmiConnectionVerticle(
            p, p.correlatorSettings(telephony.maxExtensionDigits()), calls, pool, health, Clock.systemUTC());
        deployed = deployed.compose(id -> v.deployVerticle(pbx));
      }
      deployed.await(2, TimeUnit.MINUTES);
      log.info("switchboard started mailboxes={} pbxs={} httpPort={}", config.mailboxes().size(),
          telephony.pbxs().size(), http.actualPort());
      return new Switchboard(config, database, vertx, pool, health, http.actualPort());
    } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
      if (vertx != null) {
        vertx.close();
      }
      database.close();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("start-up timed out", e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  public HealthRegistry health() {
    return health;
  }

  public int httpPort() {
    return httpPort;
  }

  public SwitchboardConfig config() {
    return config;
  }

  public ConnectionInfo databaseConnection() {
    return database.connection();
  }

  @Override
  public void close() {
    try {
      vertx.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("vertx did not stop in time error={}", e.toString());
    }
    database.close();
    log.info("switchboard stopped");
  }
}
