package io.sipher.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipher.message.SipRequest;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.message.header.Challenge;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Per-source throttling of failed authentications, on a test clock. A blocked source gets 403: SIP
 * has no 429 (RFC 3892 took the code), and 503 would mark the whole server as down upstream.
 */
class FailureThrottlingTest {
  static final String REALM = "example.com";

  TestClock clock;
  Users users;
  DigestAuthenticator auth;
  TestUa alice;
  TestUa mallory;
  ListAppender<ILoggingEvent> logs;
  Logger logger;

  @BeforeEach
  void setUp() {
    clock = new TestClock();
    users = Users.of("alice", REALM, "correct horse");
    auth = new DigestAuthenticator(AuthConfig.DEFAULTS, users, Users.SECRET, clock);
    alice = new TestUa("alice", "correct horse");
    mallory = new TestUa("alice", "guess");
    logger = (Logger) LoggerFactory.getLogger(DigestAuthenticator.class);
    logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false); // captured here, not printed
  }

  @AfterEach
  void tearDown() {
    logger.detachAppender(logs);
    logger.setLevel(null);
    logger.setAdditive(true);
  }

  @Test
  void tenFailuresInAMinute_blockTheSourceWith403_evenForRightCredentials_thenItIsServedAgain() {
    InetAddress attacker = ip("198.51.100.7");
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(i == 0 ? 0 : 5)); // the tenth comes 45 s after the first
      assertThat(guess(attacker)).isInstanceOf(Outcome.Challenge.class);
    }

    Outcome blocked = rightAnswer(attacker);
    assertThat(blocked).isInstanceOf(Outcome.Refused.class);
    Outcome.Refused r = (Outcome.Refused) blocked;
    assertThat(r.response().statusCode()).isEqualTo(403);
    assertThat(r.reason()).isEqualTo(DigestAuthenticator.BLOCKED);
    assertThat(r.response().to().tag()).isNotNull();

    // Others are not affected.
    assertThat(rightAnswer(ip("192.0.2.10"))).isInstanceOf(Outcome.Authenticated.class);

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(rightAnswer(attacker)).isInstanceOf(Outcome.Refused.class);
    clock.advance(Duration.ofMillis(1));
    assertThat(rightAnswer(attacker)).isInstanceOf(Outcome.Authenticated.class);
  }

  @Test
  void failuresSpreadOverMoreThanTheWindow_doNotBlock() {
    InetAddress slow = ip("198.51.100.8");
    for (int i = 0; i < 9; i++) {
      guess(slow);
    }
    clock.advance(Duration.ofSeconds(60));
    for (int i = 0; i < 9; i++) {
      guess(slow);
    }
    assertThat(rightAnswer(slow)).isInstanceOf(Outcome.Authenticated.class);
  }

  /** Missing credentials, stale nonces and replays are what ordinary phones do: not counted. */
  @Test
  void challengesStaleNoncesAndReplays_doNotCount() {
    InetAddress phone = ip("192.0.2.20");
    SipRequest first = TestUa.register("alice", 1);
    for (int i = 0; i < 20; i++) {
      assertThat(auth.authenticate(first, REALM, false, phone))
          .isInstanceOf(Outcome.Challenge.class);
    }
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    SipRequest once = TestUa.withCredentials(first, false, alice.answer(ch, first));
    assertThat(auth.authenticate(once, REALM, false, phone))
        .isInstanceOf(Outcome.Authenticated.class);
    for (int i = 0; i < 20; i++) {
      Outcome.Challenge c = (Outcome.Challenge) auth.authenticate(once, REALM, false, phone);
      assertThat(c.reason()).isEqualTo(DigestAuthenticator.REPLAY);
    }
    clock.advance(Duration.ofMinutes(6));
    for (int i = 0; i < 20; i++) {
      Outcome.Challenge c = (Outcome.Challenge) auth.authenticate(once, REALM, false, phone);
      assertThat(c.reason()).isEqualTo(DigestAuthenticator.STALE);
    }
    assertThat(rightAnswer(phone)).isInstanceOf(Outcome.Authenticated.class);
  }

  @Test
  void blockWarning_isLoggedAtMostOnceASecond_andNeverHoldsSecrets() {
    auth =
        new DigestAuthenticator(
            AuthConfig.DEFAULTS.withThrottle(2, Duration.ofSeconds(60), Duration.ofMinutes(5)),
            users,
            Users.SECRET,
            clock);
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String value = mallory.answer(ch, first);
    SipRequest guess = TestUa.withCredentials(first, false, value);
    for (int source = 1; source <= 5; source++) {
      auth.authenticate(guess, REALM, false, ip("203.0.113." + source));
      auth.authenticate(guess, REALM, false, ip("203.0.113." + source));
    }
    assertThat(warnings()).hasSize(1);
    assertThat(warnings().get(0)).contains("203.0.113.1").contains("user=alice");

    clock.advance(Duration.ofSeconds(1));
    auth.authenticate(guess, REALM, false, ip("203.0.113.9"));
    auth.authenticate(guess, REALM, false, ip("203.0.113.9"));
    assertThat(warnings()).hasSize(2);
    assertThat(warnings().get(1)).contains("4 other sources blocked");

    String response = value.replaceAll(".*response=\"([0-9a-f]+)\".*", "$1");
    String ha1 = users.find("alice", REALM).orElseThrow().ha1().get(DigestAlgorithm.SHA_256);
    for (ILoggingEvent e : logs.list) {
      assertThat(e.getFormattedMessage())
          .doesNotContain("guess")
          .doesNotContain("correct horse")
          .doesNotContain(ch.nonce())
          .doesNotContain(response)
          .doesNotContain(ha1)
          .doesNotContain("Digest ");
    }
    assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.DEBUG);
  }

  @Test
  void logLines_neutraliseControlCharactersInUsernames() {
    assertThat(DigestAuthenticator.printable("eve\r\nWARN fake")).isEqualTo("eve??WARN fake");
    assertThat(DigestAuthenticator.printable("x".repeat(100))).hasSize(67).endsWith("...");
    assertThat(DigestAuthenticator.printable(null)).isEqualTo("-");
  }

  @Test
  void trackedSources_areBounded() {
    FailureThrottle t = new FailureThrottle(AuthConfig.DEFAULTS.withTrackingLimits(3, 100));
    for (int i = 1; i <= 50; i++) {
      t.recordFailure(ip("203.0.113." + i), 0);
    }
    assertThat(t.size()).isEqualTo(3);
    // Idle sources leave as soon as their window has passed.
    t.recordFailure(ip("198.51.100.1"), Duration.ofSeconds(61).toMillis());
    assertThat(t.size()).isEqualTo(1);
  }

  private Outcome guess(InetAddress source) {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    return auth.authenticate(
        TestUa.withCredentials(first, false, mallory.answer(ch, first)), REALM, false, source);
  }

  private Outcome rightAnswer(InetAddress source) {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    return auth.authenticate(
        TestUa.withCredentials(first, false, alice.answer(ch, first)), REALM, false, source);
  }

  private java.util.List<String> warnings() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private static InetAddress ip(String literal) {
    return Rfc3261_22_4_ChallengeResponseTest.address(literal);
  }

  @Test
  void ipv6SourcesAreCountedPerSlash64() {
    FailureThrottle t =
        new FailureThrottle(
            AuthConfig.DEFAULTS.withThrottle(3, Duration.ofMinutes(1), Duration.ofMinutes(5)));
    t.recordFailure(ip("2001:db8:1:2::1"), 0);
    t.recordFailure(ip("2001:db8:1:2::2"), 0);
    assertThat(t.recordFailure(ip("2001:db8:1:2:ffff::3"), 0)).isTrue();
    assertThat(t.isBlocked(ip("2001:db8:1:2::99"), 1)).isTrue();
    assertThat(t.isBlocked(ip("2001:db8:1:3::1"), 1)).isFalse();
  }
}
