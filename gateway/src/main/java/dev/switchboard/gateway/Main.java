package dev.switchboard.gateway;

public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("switchboard");
  }
}
