package dev.switchboard.gateway.cli;

import dev.switchboard.gateway.Switchboard;
import dev.switchboard.gateway.config.SwitchboardConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the gateway against the mailboxes, database and SMTP relay in a config file.")
final class RunCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
  Path config;

  @Override
  public Integer call() {
    SwitchboardConfig cfg = Cli.loadConfig(config);
    Switchboard app = Switchboard.start(cfg);
    System.out.println("Switchboard is running. HTTP API: http://" + cfg.http().host() + ":" + app.httpPort() + "/tickets");
    System.out.println("Requests need an API token: switchboard token create --config " + config
        + " --name NAME --role reader|agent|admin");
    Cli.awaitShutdown(app);
    return 0;
  }
}
