package io.sipher.cli.ua;

import io.sipher.message.header.MediaType;
import io.sipher.message.uri.SipUri;
import io.sipher.ua.Publication;
import io.sipher.ua.UserAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sipher publish}: publish event state, keep it fresh for a while, remove it. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publish event state (RFC 3903), refresh it with its entity-tag, then remove it.",
      "Exit 0 when the state was accepted, 1 when not."
    })
public final class PublishCommand extends UaCommand {
  @Parameters(
      arity = "0..1",
      paramLabel = "TARGET",
      description = "Whose state: default our own address-of-record.")
  String target;

  @Option(
      names = "--event",
      paramLabel = "PACKAGE",
      description = "The event package (default: ${DEFAULT-VALUE}).",
      defaultValue = "presence")
  String event;

  @Option(
      names = "--body-file",
      required = true,
      paramLabel = "FILE",
      description = "The state to publish (a PIDF document for presence, say).")
  Path bodyFile;

  @Option(
      names = "--content-type",
      paramLabel = "TYPE",
      description = "The body's type (default: ${DEFAULT-VALUE}).",
      defaultValue = "application/pidf+xml")
  String contentType;

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
          "Keep the state published this long, then remove it (default: ${DEFAULT-VALUE}).",
      defaultValue = "0s")
  String hold;

  @Override
  int run(UserAgent agent) throws Exception {
    SipUri to = target == null ? agent.config().aor() : Targets.parse(target, agent.config());
    byte[] body;
    try {
      body = Files.readAllBytes(bodyFile);
    } catch (IOException e) {
      throw new UaCliException("--body-file " + bodyFile + ": " + e.getMessage());
    }
    MediaType type;
    try {
      type = MediaType.parse(contentType);
    } catch (RuntimeException e) {
      throw new UaCliException("--content-type " + contentType + " is not a media type");
    }
    Publication p = agent.publish(to, event, type, body, Duration.ofSeconds(expires));
    await(p.published(), 40, "PUBLISH to " + to);
    out().println("published " + event + " state to " + to + " (entity-tag " + p.entityTag() + ")");
    Thread.sleep(UaOptions.duration("--hold", hold).toMillis());
    var removed = await(p.remove(), 40, "removing the published state");
    out()
        .println(
            "removed: "
                + (removed == null
                    ? "nothing published"
                    : removed.statusCode() + " " + removed.reasonPhrase()));
    return OK;
  }
}
