package io.sipher.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.message.auth.DigestMath;
import io.sipher.message.header.Challenge;
import org.junit.jupiter.api.Test;

/**
 * RFC 7616 §3.9.1: the worked example, with MD5 and SHA-256. Mufasa's password is "Circle of Life"
 * with a lower-case "of" (erratum 4495).
 */
class Rfc7616_3_9_1_ExampleTest {
  static final String USER = "Mufasa";
  static final String PASSWORD = "Circle of Life";
  static final String REALM = "http-auth@example.org";
  static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  static final String OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  static final String NC = "00000001";
  static final String METHOD = "GET";
  static final String URI = "/dir/index.html";

  @Test
  void md5Response_isTheOneInTheRfc() {
    String ha1 = DigestMath.ha1(DigestAlgorithm.MD5, USER, REALM, PASSWORD);
    assertThat(DigestMath.response(DigestAlgorithm.MD5, ha1, NONCE, NC, CNONCE, METHOD, URI))
        .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
  }

  @Test
  void sha256Response_isTheOneInTheRfc() {
    String ha1 = DigestMath.ha1(DigestAlgorithm.SHA_256, USER, REALM, PASSWORD);
    assertThat(DigestMath.response(DigestAlgorithm.SHA_256, ha1, NONCE, NC, CNONCE, METHOD, URI))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  @Test
  void storedHa1_fromPassword_givesTheSameResponses() {
    UserCredentials u = UserCredentials.fromPassword(USER, REALM, PASSWORD.toCharArray());
    assertThat(
            DigestMath.response(
                DigestAlgorithm.MD5,
                u.ha1().get(DigestAlgorithm.MD5),
                NONCE,
                NC,
                CNONCE,
                METHOD,
                URI))
        .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(
            DigestMath.response(
                DigestAlgorithm.SHA_256,
                u.ha1().get(DigestAlgorithm.SHA_256),
                NONCE,
                NC,
                CNONCE,
                METHOD,
                URI))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  /** The test UA must agree with the RFC too, or the round-trip tests prove nothing. */
  @Test
  void testUa_answersTheRfcChallengeWithTheRfcResponse() {
    Challenge sha256 =
        Challenge.parse(
            "Digest realm=\""
                + REALM
                + "\", qop=\"auth, auth-int\", algorithm=SHA-256, nonce=\""
                + NONCE
                + "\", opaque=\""
                + OPAQUE
                + "\"");
    TestUa ua = new TestUa(USER, PASSWORD);
    String value = ua.credentials(sha256, METHOD, URI, NC, CNONCE, PASSWORD);
    assertThat(value)
        .contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"")
        .contains("opaque=\"" + OPAQUE + "\"");
  }

  /** RFC 7616 §3.4 and §3.3: an absent algorithm parameter means MD5. */
  @Test
  void absentAlgorithm_meansMd5() {
    assertThat(DigestAlgorithm.fromToken(null)).contains(DigestAlgorithm.MD5);
    assertThat(DigestAlgorithm.fromToken("sha-256")).contains(DigestAlgorithm.SHA_256);
    assertThat(DigestAlgorithm.fromToken("MD5-sess")).isEmpty();
  }
}
