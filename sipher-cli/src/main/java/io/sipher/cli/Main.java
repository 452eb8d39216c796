package io.sipher.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sipher} command: one entry point, one subcommand per job. */
@Command(
    name = "sipher",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "SIP over TLS: secure registrar and proxy, private CA, tools.",
    subcommands = {ServeCommand.class, LintCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version recorded in the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"sipher " + (v == null ? "(development build)" : v)};
    }
  }
}
