package dev.switchboard.gateway;

import dev.switchboard.gateway.cli.SwitchboardCommand;

/** Entry point of {@code switchboard.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(SwitchboardCommand.execute(args));
  }
}
