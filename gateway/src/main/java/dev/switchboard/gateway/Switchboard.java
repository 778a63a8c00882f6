package dev.switchboard.gateway;

import dev.switchboard.gateway.agent.AgentRouter;
import dev.switchboard.gateway.agent.ReplyToken;
import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.PbxOptions;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.config.TelephonyOptions;
import dev.switchboard.gateway.fleet.FleetVerticle;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.http.HttpApiVerticle;
import dev.switchboard.gateway.intake.ImapMailboxVerticle;
import dev.switchboard.gateway.intake.LoopGuard;
import dev.switchboard.gateway.intake.MailIntake;
import dev.switchboard.gateway.intake.ResponseTemplates;
import dev.switchboard.gateway.intake.SubjectTag;
import dev.switchboard.gateway.mail.OutboxSenderVerticle;
import dev.switchboard.gateway.mail.SmtpMailSender;
import dev.switchboard.gateway.metrics.DatabaseFigures;
import dev.switchboard.gateway.metrics.ManagementServerVerticle;
import dev.switchboard.gateway.metrics.Metrics;
import dev.switchboard.gateway.notify.CoordinatorNotifier;
import dev.switchboard.gateway.notify.DigestHandler;
import dev.switchboard.gateway.sla.ResponseClock;
import dev.switchboard.gateway.sla.ScheduledEventHandler;
import dev.switchboard.gateway.sla.SchedulerVerticle;
import dev.switchboard.gateway.sla.SlaEventHandler;
import dev.switchboard.gateway.sla.TicketTimerHandler;
import dev.switchboard.gateway.telephony.AmiConnectionVerticle;
import dev.switchboard.gateway.telephony.CallIntake;
import dev.switchboard.gateway.telephony.VoicemailMail;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.Database;
import dev.switchboard.store.Migrations;
import dev.switchboard.store.ScheduledEventKind;
import dev.switchboard.store.StoreErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
  private static final String VERSION = versionOf();

  private final SwitchboardConfig config;
  private final Database database;
  private final Vertx vertx;
  private final Pool pool;
  private final HealthRegistry health;
  private final int httpPort;
  private final Metrics metrics;
  private final int managementPort;
  private final FleetVerticle fleet;
  private final String fleetDeployment;
  // set once after construction, so the constructor stays as it is
  private SchedulerVerticle scheduler;

  private Switchboard(
      SwitchboardConfig config, Database database, Vertx vertx, Pool pool, HealthRegistry health, int httpPort,
      Metrics metrics, int managementPort, FleetVerticle fleet, String fleetDeployment) {
    this.fleet = fleet;
    this.fleetDeployment = fleetDeployment;
    this.config = config;
    this.database = database;
    this.vertx = vertx;
    this.pool = pool;
    this.health = health;
    this.httpPort = httpPort;
    this.metrics = metrics;
    this.managementPort = managementPort;
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
    return start(config, Clock.systemUTC());
  }

  /**
   * @param clock the time of every decision: due times, timers, the scheduler's polls, the digest, retries (tests
   *     inject theirs)
   */
  public static Switchboard start(SwitchboardConfig config, Clock clock) {
    ResponseTemplates templates = new ResponseTemplates(config.tickets().templatesDirectory());
    SubjectTag subjectTag = new SubjectTag(config.tickets().subjectTag());
    String secret = config.tickets().replyTokenSecret();
    ReplyToken tokens = secret == null ? null : new ReplyToken(secret);
    TicketDesk desk =
        new TicketDesk(config.tickets(), subjectTag, templates, tokens, config.ownAddresses(), config.mailboxes());
    for (int i = 0; i < config.mailboxes().size(); i++) {
      MailboxOptions m = config.mailboxes().get(i);
      List<String> names =
          new ArrayList<>(List.of("acknowledgment", "agent-reply", "agent-notice", CoordinatorNotifier.TEMPLATE,
              TicketDesk.WAITING_REMINDER));
      config.tickets().statuses().stream().filter(s -> !config.tickets().silent(s))
          .forEach(s -> names.add(desk.statusTemplate(m.templatesDirectory(), s)));
      templates.validate(m.templatesDirectory(), names, "mailboxes[" + i + "].templatesDirectory");
    }
    Database database = openDatabase(config);
    Vertx vertx = null;
    Metrics metrics = config.management().enabled() ? Metrics.prometheus(Clock.systemUTC()) : Metrics.none();
    try {
      Migrations.migrate(database.connection());
      vertx = Vertx.vertx();
      // every database failure leaves the pool as a SwitchboardException that says whether to retry
      Pool pool = StoreErrors.translating(
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(config.database().poolSize()))
              .connectingTo(database.connection().writableServer(vertx))
              .using(vertx)
              .build());
      HealthRegistry health = new HealthRegistry();
      DatabaseFigures figures = new DatabaseFigures(pool, metrics);
      metrics.lookUpArrivalsWith(figures).watchPool(pool, config.database().poolSize());
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
      CoordinatorNotifier notifier = new CoordinatorNotifier(
          desk, config.notifications(), config.http(), config.mailboxes(), clock);
      // the first- and next-response due times, kept in the transaction of every change that moves them
      ResponseClock responseClock = new ResponseClock(config.sla().policy(), clock);
      notifier.dueTimesFrom(responseClock, config.sla().timeZone());
      desk.clockWith(responseClock).timersIn(config.sla().calendar());
      intake.clockWith(responseClock);
      CallIntake calls =
          new CallIntake(pool, telephony, config.mailboxes()).notifyWith(notifier).clockWith(responseClock);
      intake.divertWith(new VoicemailMail(telephony.voicemailSenders(), calls));
      intake.coordinateWith(
          new AgentRouter(desk, tokens, config.ownAddresses(), config.mailboxes()).notifyWith(notifier)
              .receiptsWith(config.notifications(), config.http()));
      intake.notifyWith(notifier);
      HttpApiVerticle http =
          new HttpApiVerticle(config.http(), pool, health, telephony.phoneNumbers(), desk, metrics, clock);
      Vertx v = vertx;
      Future<?> deployed = v.deployVerticle(http);
      if (config.smtp() != null) {
        OutboxSenderVerticle sender =
            new OutboxSenderVerticle(pool, new SmtpMailSender(config.smtp()), config.outbox(), health, metrics)
                .notifyWith(notifier).timeFrom(clock);
        deployed = deployed.compose(id -> v.deployVerticle(sender));
      }
      ManagementServerVerticle management = null;
      if (config.management().enabled()) {
        management = new ManagementServerVerticle(config.management(), metrics, figures, health);
        ManagementServerVerticle m = management;
        deployed = deployed.compose(id -> v.deployVerticle(m));
      }
      DigestHandler digest = new DigestHandler(config.notifications(), config.mailboxes(), subjectTag,
          config.sla().timeZone(), List.of("resolved", "closed", config.tickets().spamStatus()));
      Map<ScheduledEventKind, ScheduledEventHandler> timed =
          new EnumMap<>(new TicketTimerHandler(desk, notifier).byKind());
      timed.put(ScheduledEventKind.DIGEST, digest);
      SchedulerVerticle scheduler = new SchedulerVerticle(pool, SlaEventHandler.withOthers(
          new SlaEventHandler(notifier, config.sla().escalateTo(), config.sla().timeZone()), timed),
          clock, SchedulerVerticle.DEFAULT_POLL_INTERVAL, SchedulerVerticle.DEFAULT_BATCH_SIZE);
      deployed = deployed.compose(id -> v.deployVerticle(scheduler))
          .compose(id -> digest.ensureScheduled(pool, clock.instant()).map(id));
      // mailboxes and PBXs are deployed by the fleet, for the leases this instance holds
      FleetVerticle fleet = fleet(config, pool, health, intake, calls, metrics);
      deployed = deployed.compose(id -> v.deployVerticle(fleet));
      String fleetDeployment = deployed.await(2, TimeUnit.MINUTES).toString();
      int managementPort = management == null ? -1 : management.actualPort();
      log.info("switchboard started mailboxes={} pbxs={} httpPort={} managementPort={} instance={} owned={}",
          config.mailboxes().size(), telephony.pbxs().size(), http.actualPort(), managementPort, fleet.instanceId(),
          fleet.owned().size());
      Switchboard started = new Switchboard(config, database, vertx, pool, health, http.actualPort(), metrics,
          managementPort, fleet, fleetDeployment);
      started.scheduler = scheduler;
      return started;
    } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
      if (vertx != null) {
        vertx.close();
      }
      metrics.close();
      database.close();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("start-up timed out", e);
    }
  }

  /**
   * The fleet member that owns this instance's share of the mailboxes and PBX connections: each resource is worked by
   * the one instance holding its lease in the database, which deploys the resource's verticle.
   */
  private static FleetVerticle fleet(
      SwitchboardConfig config, Pool pool, HealthRegistry health, MailIntake intake, CallIntake calls,
      Metrics metrics) {
    Map<String, FleetVerticle.WorkFactory> work = new LinkedHashMap<>();
    for (MailboxOptions m : config.mailboxes()) {
      work.put("mailbox:" + m.name(), fence -> new ImapMailboxVerticle(m, pool, intake, health, metrics, fence));
    }
    TelephonyOptions telephony = config.telephony();
    for (PbxOptions p : telephony.pbxs()) {
      work.put("pbx:" + p.name(), fence -> new AmiConnectionVerticle(
          p, p.correlatorSettings(telephony.maxExtensionDigits()), telephony.backlog(), calls, pool, health,
          Clock.systemUTC(), metrics));
    }
    return new FleetVerticle(instanceId(), VERSION, config.fleet(), pool, health, work);
  }

  /** Host, process id and a random part: unique even for two instances in one process, as the tests run them. */
  private static String instanceId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid() + "-"
        + Long.toHexString(new java.security.SecureRandom().nextInt() & 0xffffffL);
  }

  /** The instance ids of the fleet member in this process, and what it owns right now. */
  public FleetVerticle fleet() {
    return fleet;
  }

  /** The scheduler of timed events (SLA, reminders, holds); tests run it with {@code runOnce(instant)}. */
  public SchedulerVerticle scheduler() {
    return scheduler;
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

  /** The management (metrics) port, or -1 when it is off. */
  public int managementPort() {
    return managementPort;
  }

  public Metrics metrics() {
    return metrics;
  }

  public SwitchboardConfig config() {
    return config;
  }

  public ConnectionInfo databaseConnection() {
    return database.connection();
  }

  private static String versionOf() {
    String v = Switchboard.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public void close() {
    try {
      // the fleet first: its work stops, then its leases are released, while the pool is still open
      vertx.undeploy(fleetDeployment).await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("fleet did not stop in time error={}", e.toString());
    }
    try {
      // then the rest (outbox sender, HTTP): a send in flight finishes instead of failing on a closed pool
      Future.join(vertx.deploymentIDs().stream().map(vertx::undeploy).toList())
          .otherwiseEmpty()
          .await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("verticles did not stop in time error={}", e.toString());
    }
    try {
      vertx.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("vertx did not stop in time error={}", e.toString());
    }
    metrics.close();
    database.close();
    log.info("switchboard stopped");
  }
}
