package io.sipher.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.message.auth.DigestMath;
import io.sipher.message.header.Challenge;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 8760 (SIP digest with SHA-256 and SHA-512/256) and RFC 7616 §3.2: SHA-512-256 is SHA-512/256
 * of FIPS 180-4, not SHA-512 cut short, and SIP servers offer the strong algorithms before MD5.
 */
class Rfc8760_Sha512_256Test {
  static final String REALM = Rfc7616_3_9_1_ExampleTest.REALM;
  static final String NONCE = Rfc7616_3_9_1_ExampleTest.NONCE;
  static final String CNONCE = Rfc7616_3_9_1_ExampleTest.CNONCE;

  /** FIPS 180-4 example: SHA-512/256("abc"). */
  @Test
  void hash_isFips180_4Sha512_256() {
    assertThat(DigestAlgorithm.SHA_512_256.hash("abc"))
        .isEqualTo("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
    assertThat(DigestAlgorithm.SHA_512_256.token()).isEqualTo("SHA-512-256");
  }

  @Test
  void response_agreesWithAnIndependentComputation() {
    String ha1 = DigestMath.ha1(DigestAlgorithm.SHA_512_256, "Mufasa", REALM, "Circle of Life");
    String ours =
        DigestMath.response(
            DigestAlgorithm.SHA_512_256, ha1, NONCE, "00000001", CNONCE, "GET", "/dir/index.html");

    // Second computation: the JDK digest called directly, strings assembled here.
    String ha1b = TestUa.h("SHA-512-256", "Mufasa:" + REALM + ":Circle of Life");
    String ha2b = TestUa.h("SHA-512-256", "GET:/dir/index.html");
    String theirs =
        TestUa.h("SHA-512-256", String.join(":", ha1b, NONCE, "00000001", CNONCE, "auth", ha2b));

    assertThat(ours).isEqualTo(theirs).hasSize(64);
    // And a third, from Python's hashlib.sha512_256, frozen here.
    assertThat(ours).isEqualTo("430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0");
    assertThat(ha1).isEqualTo("fb174f5c3c7802721517cae13b98e2b8dae2e0118cb705d94ee29946319204ce");
  }

  /** RFC 8760 §2.4: one challenge per algorithm, most preferred first; MD5 is last. */
  @Test
  void defaultChallenges_offerSha256ThenSha512_256ThenMd5() {
    DigestAuthenticator auth =
        new DigestAuthenticator(
            AuthConfig.DEFAULTS,
            Users.of("alice", "example.com", "pw"),
            Users.SECRET,
            new TestClock());
    SipResponse r = auth.challenge(TestUa.register("alice", 1), "example.com", false);
    List<String> algorithms = TestUa.challenges(r).stream().map(Challenge::algorithm).toList();
    assertThat(algorithms).containsExactly("SHA-256", "SHA-512-256", "MD5");
  }

  @Test
  void clientAnsweringTheSha512_256Challenge_isAuthenticatedWithIt() throws Exception {
    TestClock clock = new TestClock();
    DigestAuthenticator auth =
        new DigestAuthenticator(
            AuthConfig.DEFAULTS, Users.of("alice", "example.com", "pw"), Users.SECRET, clock);
    SipRequest first = TestUa.register("alice", 1);
    SipResponse challenge = auth.challenge(first, "example.com", false);
    Challenge sha512 = TestUa.challenges(challenge).get(1);
    assertThat(sha512.algorithm()).isEqualTo("SHA-512-256");

    TestUa ua = new TestUa("alice", "pw");
    SipRequest second = TestUa.withCredentials(first, false, ua.answer(sha512, first));
    Outcome o =
        auth.authenticate(second, "example.com", false, InetAddress.getByName("192.0.2.10"));

    assertThat(o).isInstanceOf(Outcome.Authenticated.class);
    assertThat(((Outcome.Authenticated) o).algorithm()).isEqualTo(DigestAlgorithm.SHA_512_256);
  }

  /** A server configured for SHA-512-256 only does not accept an MD5 answer (no downgrade). */
  @Test
  void md5Answer_whenOnlySha512_256IsOffered_isChallengedAgain() throws Exception {
    AuthConfig only = AuthConfig.DEFAULTS.withAlgorithms(List.of(DigestAlgorithm.SHA_512_256));
    DigestAuthenticator auth =
        new DigestAuthenticator(
            only, Users.of("alice", "example.com", "pw"), Users.SECRET, new TestClock());
    SipRequest first = TestUa.register("alice", 1);
    Challenge offered = TestUa.first(auth.challenge(first, "example.com", false));
    Challenge md5 =
        Challenge.parse(offered.toString().replace("algorithm=SHA-512-256", "algorithm=MD5"));
    TestUa ua = new TestUa("alice", "pw");
    SipRequest second = TestUa.withCredentials(first, false, ua.answer(md5, first));

    Outcome o =
        auth.authenticate(second, "example.com", false, InetAddress.getByName("192.0.2.10"));

    assertThat(o).isInstanceOf(Outcome.Challenge.class);
    assertThat(((Outcome.Challenge) o).reason()).isEqualTo(DigestAuthenticator.ALGORITHM);
  }
}
