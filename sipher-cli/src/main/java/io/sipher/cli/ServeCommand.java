package io.sipher.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code sipher serve}: the registrar and proxy. Not built yet: the transports, transaction layer
 * and server core come with their own work; until then this says so and fails.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the SIP server (registrar and proxy). Not built yet in this version.")
final class ServeCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "sipher serve: the server is not built yet in this version; only the message codec and"
                + " 'sipher lint' are available. See README.md.");
    return 1;
  }
}
