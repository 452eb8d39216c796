package io.sipher.cli.ua;

import io.sipher.stack.transport.Addresses;
import io.sipher.ua.Registration;
import io.sipher.ua.UaConfig;
import io.sipher.ua.UserAgent;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sipher register}: register, say how it went, and optionally stay registered a while. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = {
      "Register with the server (exit 0 when registered, 1 when refused).",
      "Over TLS or TCP the registration is an RFC 5626 outbound one: the server reaches us over"
          + " our own connection, which keep-alives hold open."
    })
public final class RegisterCommand extends UaCommand {
  @Option(
      names = "--expires",
      paramLabel = "SECONDS",
      description = "The lifetime to ask for (default: ${DEFAULT-VALUE}).",
      defaultValue = "600")
  long expires;

  @Option(
      names = "--hold",
      paramLabel = "DURATION",
      description =
          "Stay registered this long (refreshing, keeping the flow alive), then unregister;"
              + " 0 (the default) unregisters at once: a check that registration works.",
      defaultValue = "0s")
  String hold;

  @Override
  UaConfig.Builder configure(UaConfig.Builder config) {
    return config.registerExpires(Duration.ofSeconds(expires));
  }

  @Override
  int run(UserAgent agent) throws Exception {
    Registration r = await(agent.register(), 40, "REGISTER " + agent.config().aor());
    out()
        .println(
            "registered "
                + agent.config().aor()
                + " for "
                + r.expires().toSeconds()
                + " s over "
                + r.flow().transport()
                + " "
                + Addresses.format(r.flow().localAddress())
                + " -> "
                + Addresses.format(r.flow().remoteAddress())
                + (r.outbound() ? " (outbound flow)" : ""));
    Duration stay = UaOptions.duration("--hold", hold);
    if (stay.isZero()) {
      return OK;
    }
    r.onChange(x -> err().println("registration: " + x.state()));
    Thread.sleep(stay.toMillis());
    r.unregister().get();
    out().println("unregistered " + agent.config().aor());
    return OK;
  }
}
