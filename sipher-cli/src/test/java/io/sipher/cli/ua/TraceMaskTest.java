package io.sipher.cli.ua;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --trace} shows messages, not secrets: SDES keys (RFC 4568) and digest responses. */
class TraceMaskTest {
  @Test
  void sdesKeysAndDigestResponses_areHidden_theRestIsKept() {
    String sdp =
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:4\r\n"
            + "a=crypto:2 AEAD_AES_256_GCM inline:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\r\n";
    String auth =
        "Authorization: Digest username=\"alice\", realm=\"example.com\", nonce=\"abc\","
            + " uri=\"sips:example.com\", response=\"6629fae49393a05397450978507c4ef1\"\r\n";

    String masked = UaOptions.mask(sdp + auth);

    assertThat(masked)
        .doesNotContain("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz")
        .doesNotContain("c2VjcmV0c2VjcmV0")
        .doesNotContain("6629fae49393a05397450978507c4ef1")
        .contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:(hidden)|2^20|1:4")
        .contains("response=\"(hidden)\"")
        .contains("username=\"alice\"");
  }
}
