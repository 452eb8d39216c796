package io.sipher.cli.ua;

import io.sipher.stack.transport.Transport;
import io.sipher.ua.AudioMedia;
import io.sipher.ua.Call;
import io.sipher.ua.UserAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sipher answer}: register, wait for calls, answer them with audio. */
@Command(
    name = "answer",
    mixinStandardHelpOptions = true,
    description = {
      "Register and answer incoming calls: plays --play, records the caller to --record.",
      "Prints one line per call and per MESSAGE; exits 0 after --count calls, 1 if --wait ends"
          + " first."
    })
public final class AnswerCommand extends UaCommand {
  @Mixin MediaOptions mediaOptions;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Calls to take before exiting (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int count;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      description = "Give up when no call has come for this long (default: ${DEFAULT-VALUE}).",
      defaultValue = "10m")
  String wait;

  @Option(
      names = "--sip-contact",
      description =
          "Register a sip: Contact (over TLS) instead of a sips: one, so that phones that cannot"
              + " use sips: URIs can call; sips: calls then cannot reach us (RFC 5630 §3.1.3).")
  boolean sipContact;

  @Override
  io.sipher.ua.UaConfig.Builder configure(io.sipher.ua.UaConfig.Builder config) {
    return config.sipContact(sipContact);
  }

  @Override
  int run(UserAgent agent) throws Exception {
    BlockingQueue<Call> incoming = new LinkedBlockingQueue<>();
    agent.onIncomingCall(incoming::add);
    agent.onMessage(m -> out().println("message from " + m.from().uri() + ": " + m.text().strip()));
    await(agent.register(), 40, "REGISTER " + agent.config().aor());
    out().println("registered " + agent.config().aor() + "; waiting for calls");
    boolean tls = ua.transport() == Transport.TLS;
    var local = await(agent.localAddress(), 20, "the local address");
    Duration patience = UaOptions.duration("--wait", wait);
    Duration limit =
        mediaOptions.duration == null
            ? null
            : UaOptions.duration("--duration", mediaOptions.duration);
    for (int n = 1; n <= count; n++) {
      Call call = incoming.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
      if (call == null) {
        out().println("no call within " + wait);
        return REFUSED;
      }
      if (call.state() == Call.State.ENDED) {
        n--; // gone before we got to it (a CANCEL): wait for the next one
        continue;
      }
      AudioMedia media = mediaOptions.media(local, tls, recording(n));
      call.ring();
      call.answer(media);
      String outcome = new CallProgress(call, media, err()).follow(limit, false);
      out().println("call from " + call.remoteParty().uri() + ": " + outcome);
    }
    return OK;
  }

  /** The recording of call {@code n}: --record itself for the first, numbered after that. */
  private Path recording(int n) {
    Path p = mediaOptions.record;
    if (p == null || n == 1) {
      return p;
    }
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered =
        dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
    return p.resolveSibling(numbered);
  }
}
