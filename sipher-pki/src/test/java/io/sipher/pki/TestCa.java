package io.sipher.pki;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A throwaway CA for tests, in a temporary folder: nothing generated here is ever committed. Tests
 * of other modules use it too (the module's test jar).
 */
public final class TestCa {
  public final CertificateAuthority ca;
  public final Path dir;
  public final Clock clock;

  private TestCa(CertificateAuthority ca, Path dir, Clock clock) {
    this.ca = ca;
    this.dir = dir;
    this.clock = clock;
  }

  public static TestCa create(Path dir) {
    return create(dir, "Test SIP CA", Clock.systemUTC());
  }

  public static TestCa create(Path dir, String name, Clock clock) {
    return new TestCa(
        CertificateAuthority.create(dir, name, KeyType.EC, Duration.ofDays(3650), false, clock),
        dir,
        clock);
  }

  /** The CA in {@code dir}, seen with {@code clock}. */
  public static TestCa open(Path dir, Clock clock) {
    return new TestCa(CertificateAuthority.open(dir, clock), dir, clock);
  }

  public KeyMaterial server(String domain) {
    return ca.issueServer(domain, List.of(), List.of("127.0.0.1"), KeyType.EC, Duration.ofDays(30));
  }

  public KeyMaterial client(String user) {
    return ca.issueClient(user, KeyType.EC, Duration.ofDays(30));
  }

  /** A certificate with exactly the given names and validity, for identity and date cases. */
  public KeyMaterial custom(
      CertificateSpec.Profile profile,
      String cn,
      List<String> uris,
      List<String> dns,
      Instant notBefore,
      Instant notAfter) {
    return ca.issue(
        new CertificateSpec(profile, cn, uris, dns, List.of(), notBefore, notAfter, KeyType.EC));
  }

  public KeyMaterial custom(String cn, List<String> uris, List<String> dns) {
    Instant now = clock.instant();
    return custom(
        CertificateSpec.Profile.SERVER,
        cn,
        uris,
        dns,
        now.minusSeconds(60),
        now.plus(Duration.ofDays(1)));
  }

  public static Clock fixed(Instant at) {
    return Clock.fixed(at, ZoneOffset.UTC);
  }
}
