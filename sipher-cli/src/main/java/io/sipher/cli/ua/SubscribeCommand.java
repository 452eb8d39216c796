package io.sipher.cli.ua;

import io.sipher.message.uri.SipUri;
import io.sipher.ua.Subscription;
import io.sipher.ua.UserAgent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sipher subscribe}: subscribe to an event package and print each notification. */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    description = {
      "Subscribe to an event package (RFC 6665) and print one line per NOTIFY.",
      "Unsubscribes after --duration; exit 0 when the subscription was accepted, 1 when not."
    })
public final class SubscribeCommand extends UaCommand {
  @Parameters(paramLabel = "TARGET", description = "sips:bob@example.com, or bob.")
  String target;

  @Option(
      names = "--event",
      paramLabel = "PACKAGE",
      description = "The event package (default: ${DEFAULT-VALUE}).",
      defaultValue = "presence")
  String event;

  @Option(
      names = "--expires",
      paramLabel = "SECONDS",
      description =
          "The lifetime to ask for (default: ${DEFAULT-VALUE}); refreshed before it ends.",
      defaultValue = "600")
  long expires;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description = "How long to stay subscribed (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String duration;

  @Override
  int run(UserAgent agent) throws Exception {
    SipUri to = Targets.parse(target, agent.config());
    Subscription s =
        agent.subscribe(
            to,
            event,
            Duration.ofSeconds(expires),
            n ->
                out()
                    .println(
                        "notify "
                            + event
                            + ": "
                            + n.state()
                            + (n.reason() != null ? " (" + n.reason() + ")" : "")
                            + (n.body().length > 0 ? ": " + oneLine(n.text()) : "")));
    await(s.accepted(), 40, "SUBSCRIBE " + to);
    out().println("subscribed to " + event + " at " + to);
    Duration stay = UaOptions.duration("--duration", duration);
    s.ended()
        .toCompletableFuture()
        .completeOnTimeout(s, stay.toMillis(), TimeUnit.MILLISECONDS)
        .get();
    if (s.state() != Subscription.State.TERMINATED) {
      s.unsubscribe();
      s.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    out().println("subscription ended: " + s.endReason());
    return OK;
  }

  private static String oneLine(String text) {
    String t = text.strip().replaceAll("\\s+", " ");
    return t.length() > 200 ? t.substring(0, 200) + "..." : t;
  }
}
