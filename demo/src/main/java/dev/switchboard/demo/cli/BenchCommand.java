package dev.switchboard.demo.cli;

import dev.switchboard.demo.bench.Bench;
import dev.switchboard.demo.bench.SchedulerBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    description = "Measure the email path on this machine and print a table (throughput, latency, peak heap).")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--mails", defaultValue = "5000", description = "mails waiting when the service starts (default: ${DEFAULT-VALUE})")
  int mails;

  @Option(names = "--live-rate", defaultValue = "100", description = "mails per second in the live scenario (default: ${DEFAULT-VALUE})")
  int liveRate;

  @Option(names = "--live-seconds", defaultValue = "10", description = "length of the live scenario (default: ${DEFAULT-VALUE})")
  int liveSeconds;

  @Option(names = "--after-import", defaultValue = "keep",
      description = "mailbox policy: keep, seen or move (default: ${DEFAULT-VALUE})")
  String afterImport;

  @Option(names = "--imap", description = "host:port of an IMAP server to use instead of the embedded GreenMail")
  String imap;

  @Option(names = "--imap-user", description = "login of the benchmark mailbox on --imap")
  String imapUser;

  @Option(names = "--imap-password", description = "password of the benchmark mailbox on --imap")
  String imapPassword;

  @Option(names = "--smtp", description = "host:port of the SMTP server for the acknowledgments (default with --imap: an embedded sink that discards them)")
  String smtp;

  @Option(names = "--maildir", description = "the --imap mailbox's Maildir on this machine: live mails are written "
      + "into it (tmp/, then new/) as a delivery agent does, instead of appended over IMAP, which cannot offer "
      + "hundreds of mails a second on a small machine")
  Path maildir;

  @Option(names = "--coordinators", defaultValue = "0",
      description = "coordinators of the benchmark mailbox; each is told of every new ticket and reply, as a help "
          + "desk's are (default: ${DEFAULT-VALUE})")
  int coordinators;

  @Option(names = "--json", description = "print the numbers as one JSON object on standard output (progress goes to "
      + "standard error)")
  boolean json;

  @Option(names = "--scheduler-tickets", defaultValue = "100000",
      description = "open tickets for the scheduler scan, measured after the email path; 0 skips it (default: ${DEFAULT-VALUE})")
  int schedulerTickets;

  @Option(names = "--scheduler-only", description = "measure only the scheduler scan, not the email path")
  boolean schedulerOnly;

  @Override
  public Integer call() throws Exception {
    if (schedulerOnly) {
      new SchedulerBench(Math.max(1, schedulerTickets), System.out).run();
      return 0;
    }
    Bench.Target target = null;
    if (maildir != null && imap == null) {
      throw new IllegalArgumentException("--maildir needs --imap: it is that server's mailbox");
    }
    if (imap != null) {
      if (imapUser == null || imapPassword == null) {
        throw new IllegalArgumentException("--imap needs --imap-user and --imap-password");
      }
      String[] i = imap.split(":");
      String[] s = smtp == null ? new String[] {null, "0"} : smtp.split(":");
      target = new Bench.Target(i[0], Integer.parseInt(i[1]), imapUser, imapPassword, s[0], Integer.parseInt(s[1]),
          maildir);
    }
    new Bench(mails, liveRate, liveSeconds, target, afterImport, json, coordinators, System.out).run();
    if (schedulerTickets > 0) {
      // with --json the scheduler's table goes to standard error, so standard output stays one JSON object
      new SchedulerBench(schedulerTickets, json ? System.err : System.out).run();
    }
    return 0;
  }
}
