package io.sipher.ua;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.header.Challenge;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load generator's digest answers, checked against the worked example of RFC 7616 §3.9.1 (user
 * Mufasa, SHA-256 and MD5 with qop=auth), and its choice among several challenges (RFC 8760 §2.4:
 * the strongest one the client supports).
 */
class Rfc7616_3_9_DigestClientTest {
  private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  private static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

  private static Challenge challenge(String algorithm) {
    return Challenge.parse(
        "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm="
            + algorithm
            + ", nonce=\""
            + NONCE
            + "\", opaque=\""
            + OPAQUE
            + "\"");
  }

  private final DigestClient mufasa = new DigestClient("Mufasa", "Circle of Life", () -> CNONCE);

  @Test
  void sha256_answerMatchesTheRfcExample() {
    String answer =
        mufasa.answer(List.of(challenge("SHA-256")), "GET", "/dir/index.html").orElseThrow();

    assertThat(answer)
        .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"")
        .contains("algorithm=SHA-256")
        .contains("qop=auth, nc=00000001")
        .contains("opaque=\"" + OPAQUE + "\"");
  }

  @Test
  void md5_answerMatchesTheRfcExample() {
    String answer =
        mufasa.answer(List.of(challenge("MD5")), "GET", "/dir/index.html").orElseThrow();

    assertThat(answer).contains("response=\"8ca523f5e9506fed4657c9700eebdbec\"");
  }

  @Test
  void theStrongestKnownChallengeIsAnswered_andTheNonceCountGrows() {
    List<Challenge> offered = List.of(challenge("MD5"), challenge("SHA-256"), challenge("SHA-1"));

    assertThat(mufasa.answer(offered, "GET", "/").orElseThrow()).contains("algorithm=SHA-256");
    // RFC 7616 §3.4: the second request with the same nonce counts 2.
    assertThat(mufasa.answer(offered, "GET", "/").orElseThrow()).contains("nc=00000002");
  }

  @Test
  void aChallengeWithoutAKnownAlgorithmOrQop_isNotAnswered() {
    assertThat(mufasa.answer(List.of(challenge("SHA-1")), "GET", "/")).isEmpty();
    Challenge intOnly =
        Challenge.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\", algorithm=MD5");
    assertThat(mufasa.answer(List.of(intOnly), "GET", "/")).isEmpty();
  }
}
