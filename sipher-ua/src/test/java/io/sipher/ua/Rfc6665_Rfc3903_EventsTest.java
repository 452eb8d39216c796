package io.sipher.ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sipher.message.SipResponse;
import io.sipher.message.header.MediaType;
import io.sipher.message.uri.SipUri;
import io.sipher.stack.testing.Sipp;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SUBSCRIBE/NOTIFY (RFC 6665) and PUBLISH (RFC 3903) from our UA against SIPp playing the notifier
 * and the event state compositor, over TCP (Debian's SIPp has no TLS). Each scenario checks what it
 * receives (Event, Expires, SIP-If-Match, bodies) and fails on anything else.
 */
class Rfc6665_Rfc3903_EventsTest {
  @TempDir Path dir;
  private Sipp sipp;

  @BeforeEach
  void setUp() {
    Sipp.assumeInstalled();
    sipp = new Sipp(dir);
  }

  private Path scenario(String name) throws Exception {
    Path p = dir.resolve(name);
    try (var in = getClass().getResourceAsStream("/sipp/" + name)) {
      Files.copy(in, p);
    }
    return p;
  }

  private UserAgent agent(int sippPort) {
    return UserAgent.start(
        UaConfig.builder(
                SipUri.parse("sip:alice@example.test"),
                Destination.of(Transport.TCP, new InetSocketAddress("127.0.0.1", sippPort)))
            .build());
  }

  @Test
  void rfc6665_subscribe_notifications_thenUnsubscribe() throws Exception {
    int port = Sipp.freePort();
    Process notifier =
        sipp.start(scenario("notifier.xml").toString(), Transport.TCP, port, "-m", "1");
    Sipp.awaitBound(port, Transport.TCP);
    List<Subscription.Notification> got = new CopyOnWriteArrayList<>();
    try (UserAgent alice = agent(port)) {
      Subscription s =
          alice.subscribe(
              SipUri.parse("sip:bob@example.test"), "presence", Duration.ofSeconds(60), got::add);

      s.accepted().toCompletableFuture().get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> !got.isEmpty());
      assertThat(s.state()).isEqualTo(Subscription.State.ACTIVE);
      assertThat(got.get(0).state()).isEqualTo("active");
      assertThat(got.get(0).expiresSeconds()).isEqualTo(60);
      assertThat(got.get(0).text().strip()).isEqualTo("open");

      s.unsubscribe(); // §4.1.2.3: Expires 0 in the dialog; the final NOTIFY gets its 200

      s.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(notifier.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(notifier.exitValue()).as(sipp.log("notifier.xml")).isZero();
  }

  @Test
  void rfc3903_publish_refreshWithTheEntityTag_thenRemove() throws Exception {
    int port = Sipp.freePort();
    Process compositor =
        sipp.start(scenario("compositor.xml").toString(), Transport.TCP, port, "-m", "1");
    Sipp.awaitBound(port, Transport.TCP);
    try (UserAgent alice = agent(port)) {
      Publication p =
          alice.publish(
              SipUri.parse("sip:alice@example.test"),
              "presence",
              MediaType.parse("text/plain"),
              "open".getBytes(StandardCharsets.UTF_8),
              Duration.ofSeconds(60));

      p.published().toCompletableFuture().get(10, TimeUnit.SECONDS);
      // The compositor granted 2 s: §4.3's refresh goes out with SIP-If-Match and no body.
      await().atMost(Duration.ofSeconds(10)).until(() -> "e2".equals(p.entityTag()));

      SipResponse removed = p.remove().toCompletableFuture().get(10, TimeUnit.SECONDS);

      assertThat(removed.statusCode()).isEqualTo(200);
      assertThat(p.state()).isEqualTo(Publication.State.REMOVED);
      assertThat(compositor.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(compositor.exitValue()).as(sipp.log("compositor.xml")).isZero();
  }
}
