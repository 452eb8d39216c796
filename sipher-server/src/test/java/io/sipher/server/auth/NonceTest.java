package io.sipher.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.auth.DigestAlgorithm;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 7616 §3.3 and §5.4: stateless nonces, and the bounded nonce-count table beside them. */
class NonceTest {
  static final long T0 = 1_700_000_000_000L;
  final Nonces nonces = new Nonces(Users.SECRET, Duration.ofMinutes(5));

  @Test
  void nonce_isABase64urlToken_freshThenStale() {
    String n = nonces.issue("example.com", DigestAlgorithm.SHA_256, T0);
    assertThat(n).matches("[A-Za-z0-9_-]+");
    Nonces.Check fresh = nonces.check(n, "example.com", DigestAlgorithm.SHA_256, T0 + 1000);
    assertThat(fresh.status()).isEqualTo(Nonces.Status.FRESH);
    assertThat(fresh.issuedAt()).isEqualTo(T0);
    assertThat(nonces.check(n, "example.com", DigestAlgorithm.SHA_256, T0 + 300_001).status())
        .isEqualTo(Nonces.Status.STALE);
    // The clock stepping back does not make a nonce live forever.
    assertThat(nonces.check(n, "example.com", DigestAlgorithm.SHA_256, T0 - 300_001).status())
        .isEqualTo(Nonces.Status.STALE);
  }

  @Test
  void nonce_isBoundToRealmAlgorithmAndSecret() {
    String n = nonces.issue("example.com", DigestAlgorithm.SHA_256, T0);
    assertThat(nonces.check(n, "example.org", DigestAlgorithm.SHA_256, T0).status())
        .isEqualTo(Nonces.Status.FORGED);
    assertThat(nonces.check(n, "example.com", DigestAlgorithm.MD5, T0).status())
        .isEqualTo(Nonces.Status.FORGED);
    Nonces other = new Nonces(DigestAuthenticator.newSecret(), Duration.ofMinutes(5));
    assertThat(other.check(n, "example.com", DigestAlgorithm.SHA_256, T0).status())
        .isEqualTo(Nonces.Status.FORGED);
  }

  @Test
  void garbage_isForged() {
    for (String g : new String[] {"", "x", "!!!!", "AAAA", "a".repeat(68), "a".repeat(67)}) {
      assertThat(nonces.check(g, "example.com", DigestAlgorithm.MD5, T0).status())
          .as(g)
          .isEqualTo(Nonces.Status.FORGED);
    }
  }

  @Test
  void twoNoncesInTheSameMillisecond_differ() {
    String a = nonces.issue("example.com", DigestAlgorithm.MD5, T0);
    String b = nonces.issue("example.com", DigestAlgorithm.MD5, T0);
    assertThat(a).isNotEqualTo(b);
    assertThat(nonces.check(a, "example.com", DigestAlgorithm.MD5, T0).id())
        .isNotEqualTo(nonces.check(b, "example.com", DigestAlgorithm.MD5, T0).id());
  }

  @Test
  void nonceCounts_mustIncrease() {
    NonceCounts counts = new NonceCounts(10, 300_000);
    assertThat(counts.advance(1, T0, 1, T0)).isEqualTo(NonceCounts.Result.ACCEPTED);
    assertThat(counts.advance(1, T0, 1, T0)).isEqualTo(NonceCounts.Result.REPLAYED);
    assertThat(counts.advance(1, T0, 5, T0)).isEqualTo(NonceCounts.Result.ACCEPTED);
    assertThat(counts.advance(1, T0, 4, T0)).isEqualTo(NonceCounts.Result.REPLAYED);
    assertThat(counts.advance(2, T0, 1, T0)).isEqualTo(NonceCounts.Result.ACCEPTED);
  }

  /** Evicting a live nonce under pressure must not reopen it for replay. */
  @Test
  void nonceCounts_areBounded_andAForgottenNonceIsNeverReplayable() {
    NonceCounts counts = new NonceCounts(3, 300_000);
    for (long id = 1; id <= 4; id++) {
      counts.advance(id, T0 + id, 1, T0 + 10);
    }
    assertThat(counts.size()).isEqualTo(3);
    assertThat(counts.advance(1, T0 + 1, 1, T0 + 10)).isEqualTo(NonceCounts.Result.FORGOTTEN);
    assertThat(counts.advance(1, T0 + 1, 2, T0 + 10)).isEqualTo(NonceCounts.Result.FORGOTTEN);
    // Nonces issued after the forgotten one are unaffected.
    assertThat(counts.advance(9, T0 + 5, 1, T0 + 10)).isEqualTo(NonceCounts.Result.ACCEPTED);
  }

  @Test
  void nonceCounts_dropExpiredEntries() {
    NonceCounts counts = new NonceCounts(100, 300_000);
    for (long id = 1; id <= 50; id++) {
      counts.advance(id, T0, 1, T0);
    }
    counts.advance(99, T0 + 300_001, 1, T0 + 300_001);
    assertThat(counts.size()).isEqualTo(1);
  }
}
