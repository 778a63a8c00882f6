package dev.switchboard.demo;

import dev.switchboard.demo.cli.DemoCli;
import dev.switchboard.gateway.Main;

/** Entry point of {@code switchboard-demo.jar}: every command of {@code switchboard.jar}, plus demo and bench. */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    Main.exit(DemoCli.commandLine(), args);
  }
}
