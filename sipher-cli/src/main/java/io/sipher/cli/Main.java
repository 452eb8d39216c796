package io.sipher.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sipher} command: one entry point, one subcommand per job. */
@Command(
    name = "sipher",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "SIP over TLS: secure registrar and proxy, private CA, tools.",
    subcommands = {
      ServeCommand.class,
      ConfigCommand.class,
      UserCommand.class,
      RegCommand.class,
      CaCommand.class,
      CertCommand.class,
      LintCommand.class,
      io.sipher.cli.bench.BenchCommand.class,
      io.sipher.cli.ua.OptionsCommand.class,
      io.sipher.cli.ua.RegisterCommand.class,
      io.sipher.cli.ua.MessageCommand.class,
      io.sipher.cli.ua.CallCommand.class,
      io.sipher.cli.ua.AnswerCommand.class,
      io.sipher.cli.ua.SubscribeCommand.class,
      io.sipher.cli.ua.PublishCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs a command line with the given output streams and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(out)
        .setErr(err)
        .execute(args);
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
