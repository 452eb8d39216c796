package io.sipher.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.pki.CertificateVerifier.Role;
import io.sipher.pki.Verification.Reason;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chain validation (RFC 5280) with SIP identity checks (RFC 5922 §7.2-7.3): every rejection comes
 * with its own reason.
 */
class CertificateVerifierTest {
  @TempDir static Path caDir;
  @TempDir static Path otherDir;
  static TestCa ca;
  static TestCa other;

  @BeforeAll
  static void cas() {
    ca = TestCa.create(caDir);
    other = TestCa.create(otherDir, "Another CA", Clock.systemUTC());
  }

  private static CertificateVerifier verifier(List<X509CRL> crls) {
    return new CertificateVerifier(List.of(ca.ca.certificate()), crls, Clock.systemUTC());
  }

  @Test
  void goodServerCertificateForItsDomain() {
    Verification v =
        verifier(List.of()).verify(ca.server("example.com").chain(), Role.SERVER, "example.com");
    assertThat(v.accepted()).as(v.toString()).isTrue();
    assertThat(v.identities().domains()).containsExactly("example.com");
  }

  @Test
  void leafAloneWithoutTheCaInTheChainIsFine() {
    KeyMaterial km = ca.server("example.com");
    assertThat(verifier(List.of()).verify(List.of(km.leaf()), Role.SERVER, null).accepted())
        .isTrue();
  }

  @Test
  void expired() {
    Instant now = Instant.now();
    KeyMaterial km =
        ca.custom(
            CertificateSpec.Profile.SERVER,
            "example.com",
            List.of("sip:example.com"),
            List.of(),
            now.minus(Duration.ofDays(10)),
            now.minus(Duration.ofDays(1)));
    Verification v = verifier(List.of()).verify(km.chain(), Role.SERVER, "example.com");
    assertThat(v.reason()).isEqualTo(Reason.EXPIRED);
    assertThat(v.detail()).contains("expired on");
  }

  @Test
  void notYetValid() {
    Instant now = Instant.now();
    KeyMaterial km =
        ca.custom(
            CertificateSpec.Profile.SERVER,
            "example.com",
            List.of("sip:example.com"),
            List.of(),
            now.plus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(10)));
    assertThat(verifier(List.of()).verify(km.chain(), Role.SERVER, "example.com").reason())
        .isEqualTo(Reason.NOT_YET_VALID);
  }

  @Test
  void wrongDomain_rfc5922_7_3() {
    Verification v =
        verifier(List.of()).verify(ca.server("example.com").chain(), Role.SERVER, "example.net");
    assertThat(v.reason()).isEqualTo(Reason.IDENTITY_MISMATCH);
    assertThat(v.detail()).contains("example.com").contains("example.net");
  }

  @Test
  void untrustedIssuer() {
    Verification v =
        verifier(List.of()).verify(other.server("example.com").chain(), Role.SERVER, "example.com");
    assertThat(v.reason()).isEqualTo(Reason.UNTRUSTED_ISSUER);
  }

  @Test
  void revokedByTheCasCrl() {
    KeyMaterial km = ca.server("revoked.example.com");
    BigInteger serial = km.leaf().getSerialNumber();
    ca.ca.revoke(serial, RevocationReason.KEY_COMPROMISE);
    X509CRL crl = ca.ca.writeCrl(Duration.ofDays(7));
    Verification v = verifier(List.of(crl)).verify(km.chain(), Role.SERVER, "revoked.example.com");
    assertThat(v.reason()).isEqualTo(Reason.REVOKED);
    assertThat(v.detail()).contains(serial.toString(16));
    // a CRL from another CA says nothing about ours
    X509CRL foreign = other.ca.writeCrl(Duration.ofDays(7));
    assertThat(
            verifier(List.of(foreign))
                .verify(ca.server("ok.example.com").chain(), Role.SERVER, null)
                .accepted())
        .isTrue();
  }

  @Test
  void staleOrForeignCrlMeansRevocationUnknown_rfc5280_6_3() {
    KeyMaterial km = ca.server("stale.example.com");
    Instant longAgo = Instant.now().minus(Duration.ofDays(20));
    // a CRL of our CA that expired: issued by the same CA with a clock in the past
    TestCa pastView = new TestCaView(caDir, TestCa.fixed(longAgo)).get();
    X509CRL stale = pastView.ca.writeCrl(Duration.ofDays(7));
    Verification v = verifier(List.of(stale)).verify(km.chain(), Role.SERVER, null);
    assertThat(v.reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
    assertThat(v.detail()).contains("out of date");
  }

  @Test
  void crlOfAnImpostorWithTheSameNameIsNotTrusted(@TempDir Path impostorDir) {
    TestCa impostor = TestCa.create(impostorDir, "Test SIP CA", Clock.systemUTC());
    X509CRL fake = impostor.ca.writeCrl(Duration.ofDays(7));
    Verification v =
        verifier(List.of(fake)).verify(ca.server("example.com").chain(), Role.SERVER, null);
    assertThat(v.reason()).isEqualTo(Reason.REVOCATION_UNKNOWN);
    assertThat(v.detail()).contains("not signed by the issuer");
  }

  @Test
  void strayCertificatesInTheChainAreIgnored() {
    Instant now = Instant.now();
    KeyMaterial expired =
        other.custom(
            CertificateSpec.Profile.SERVER,
            "old",
            List.of("sip:old.example.com"),
            List.of(),
            now.minus(Duration.ofDays(10)),
            now.minus(Duration.ofDays(1)));
    KeyMaterial good = ca.server("example.com");
    List<java.security.cert.X509Certificate> chain =
        List.of(good.leaf(), expired.leaf(), ca.ca.certificate());
    assertThat(verifier(List.of()).verify(chain, Role.SERVER, "example.com").accepted()).isTrue();
  }

  /** The same CA folder opened with another clock. */
  record TestCaView(Path dir, Clock clock) {
    TestCa get() {
      return TestCa.open(dir, clock);
    }
  }

  @Test
  void wrongUsage_clientCertificateOfferedByAServer() {
    Verification v =
        verifier(List.of()).verify(ca.client("alice@example.com").chain(), Role.SERVER, null);
    assertThat(v.reason()).isEqualTo(Reason.WRONG_USAGE);
    assertThat(v.detail()).contains("serverAuth");
    assertThat(
            verifier(List.of())
                .verify(ca.client("alice@example.com").chain(), Role.CLIENT, null)
                .accepted())
        .isTrue();
  }

  @Test
  void serverCertificatesAlsoActAsClients_rfc5922_8() {
    assertThat(
            verifier(List.of())
                .verify(ca.server("proxy.example.com").chain(), Role.CLIENT, "proxy.example.com")
                .accepted())
        .isTrue();
  }

  @Test
  void emptyChain() {
    assertThat(verifier(List.of()).verify(List.of(), Role.SERVER, null).reason())
        .isEqualTo(Reason.MALFORMED);
  }
}
