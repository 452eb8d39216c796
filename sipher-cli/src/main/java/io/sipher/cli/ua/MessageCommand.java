package io.sipher.cli.ua;

import io.sipher.message.SipResponse;
import io.sipher.message.uri.SipUri;
import io.sipher.ua.UserAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sipher message}: one instant message (RFC 3428). */
@Command(
    name = "message",
    mixinStandardHelpOptions = true,
    description = "Send a text MESSAGE (exit 0 on 2xx, 1 otherwise).")
public final class MessageCommand extends UaCommand {
  @Parameters(index = "0", paramLabel = "TARGET", description = "sips:bob@example.com, or bob.")
  String target;

  @Parameters(index = "1", paramLabel = "TEXT", description = "The text to send.")
  String text;

  @Override
  int run(UserAgent agent) throws Exception {
    SipUri to = Targets.parse(target, agent.config());
    SipResponse r = await(agent.message(to, text), 40, "MESSAGE to " + to);
    out().println(r.statusCode() + " " + r.reasonPhrase() + " from " + to);
    return r.statusCode() / 100 == 2 ? OK : REFUSED;
  }
}
