package dev.tollgate.cli;

/** Placeholder entry point while the build is bootstrapped. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("tollgate");
  }
}
