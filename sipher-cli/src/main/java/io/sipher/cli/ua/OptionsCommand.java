package io.sipher.cli.ua;

import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.uri.SipUri;
import io.sipher.ua.UserAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sipher options}: is it there, and what does it support (RFC 3261 §11)? */
@Command(
    name = "options",
    mixinStandardHelpOptions = true,
    description = "Send OPTIONS and print the answer (exit 0 on 2xx, 1 otherwise).")
public final class OptionsCommand extends UaCommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "TARGET",
      description = "Whom to ask, e.g. sips:bob@example.com (default: the domain itself).")
  String target;

  @Override
  int run(UserAgent agent) throws Exception {
    SipUri to =
        target != null
            ? Targets.parse(target, agent.config())
            : SipUri.of(agent.config().secure(), null, agent.config().aor().hostPort());
    SipResponse r = await(agent.options(to), 40, "OPTIONS " + to);
    var allow = r.headers().first(HeaderName.ALLOW);
    out()
        .println(
            r.statusCode()
                + " "
                + r.reasonPhrase()
                + " from "
                + to
                + (allow != null ? " (Allow: " + allow.value() + ")" : ""));
    return r.statusCode() / 100 == 2 ? OK : REFUSED;
  }
}
