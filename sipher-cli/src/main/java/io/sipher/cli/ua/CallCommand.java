package io.sipher.cli.ua;

import io.sipher.message.uri.SipUri;
import io.sipher.stack.transport.Transport;
import io.sipher.ua.AudioMedia;
import io.sipher.ua.Call;
import io.sipher.ua.UserAgent;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sipher call}: place a call, play and record, hang up. */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Call someone: plays --play, records what comes back to --record.",
      "Exit 0 when the call was answered, 1 when it was not."
    })
public final class CallCommand extends UaCommand {
  @Parameters(paramLabel = "TARGET", description = "sips:bob@example.com, or bob.")
  String target;

  @Mixin MediaOptions mediaOptions;

  @Override
  int run(UserAgent agent) throws Exception {
    SipUri to = Targets.parse(target, agent.config());
    boolean tls = ua.transport() == Transport.TLS;
    var local = await(agent.localAddress(), 20, "connecting to the server");
    AudioMedia media = mediaOptions.media(local, tls, mediaOptions.record);
    Call call = agent.call(to, media);
    Duration limit =
        mediaOptions.duration == null
            ? null
            : UaOptions.duration("--duration", mediaOptions.duration);
    String outcome = new CallProgress(call, media, err()).follow(limit, mediaOptions.play != null);
    out().println("call to " + to + ": " + outcome);
    return call.established().toCompletableFuture().isCompletedExceptionally() ? REFUSED : OK;
  }
}
