package io.sipher.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CA issues, as the real openssl sees it: chains verify, the extensions are the ones a SIP
 * deployment needs (RFC 5922 §8, RFC 5280), CRLs verify and revoke.
 */
class CertificateAuthorityOpensslTest {
  @TempDir Path dir;

  @BeforeAll
  static void openssl() {
    Openssl.assumeInstalled();
  }

  private Path write(String name, KeyMaterial km) {
    Path crt = dir.resolve(name + ".crt");
    Pem.writeCertificates(crt, List.of(km.leaf()));
    Pem.writePrivateKey(dir.resolve(name + ".key"), km.privateKey());
    return crt;
  }

  @Test
  void caCertificateHasTheCaExtensions() {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    String text =
        Openssl.run("x509", "-in", dir.resolve("ca/ca.crt").toString(), "-noout", "-text").output();
    assertThat(text)
        .contains("X509v3 Basic Constraints: critical")
        .contains("CA:TRUE")
        .contains("X509v3 Key Usage: critical")
        .contains("Certificate Sign, CRL Sign")
        .contains("X509v3 Subject Key Identifier")
        .contains("ASN1 OID: prime256v1");
    assertThat(ca.ca.certificate().getBasicConstraints()).isZero();
  }

  @Test
  void serverCertificateVerifiesAndCarriesTheSipIdentity() {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km =
        ca.ca.issueServer(
            "example.com",
            List.of("sip.example.com"),
            List.of("192.0.2.1", "2001:db8::1"),
            KeyType.EC,
            Duration.ofDays(397));
    Path crt = write("server", km);
    Openssl.Result verify =
        Openssl.run("verify", "-CAfile", dir.resolve("ca/ca.crt").toString(), crt.toString());
    assertThat(verify.exit()).as(verify.output()).isZero();
    assertThat(verify.output()).contains(": OK");
    String text = Openssl.run("x509", "-in", crt.toString(), "-noout", "-text").output();
    assertThat(text)
        .contains("URI:sip:example.com")
        .contains("DNS:example.com")
        .contains("DNS:sip.example.com")
        .contains("IP Address:192.0.2.1")
        .contains("IP Address:2001:DB8:0:0:0:0:0:1")
        .contains("TLS Web Server Authentication, TLS Web Client Authentication")
        .contains("CA:FALSE")
        .contains("Digital Signature")
        .contains("X509v3 Authority Key Identifier")
        .contains("X509v3 Subject Key Identifier")
        .doesNotContain("DirName:"); // the AKI is the CA's key id only, no issuer and serial
    // a random 128-bit serial, 397 days
    assertThat(km.leaf().getSerialNumber().bitLength()).isBetween(100, 128);
    long days =
        Duration.between(km.leaf().getNotBefore().toInstant(), km.leaf().getNotAfter().toInstant())
            .toDays();
    assertThat(days).isEqualTo(397);
  }

  @Test
  void internationalDomainsAreWrittenAsALabels() {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km =
        ca.ca.issueServer("Bücher.Example.", List.of(), List.of(), KeyType.EC, Duration.ofDays(30));
    String text =
        Openssl.run("x509", "-in", write("idn", km).toString(), "-noout", "-text").output();
    assertThat(text)
        .contains("URI:sip:xn--bcher-kva.example")
        .contains("DNS:xn--bcher-kva.example");
    assertThat(SipIdentities.of(km.leaf()).matchesDomain("bücher.example")).isTrue();
  }

  @Test
  void encryptedCaKey() throws Exception {
    CertificateAuthority.create(
        dir.resolve("ca"),
        "Locked CA",
        KeyType.EC,
        Duration.ofDays(30),
        false,
        java.time.Clock.systemUTC(),
        "ca-pass".toCharArray());
    assertThat(Files.readString(dir.resolve("ca/ca.key"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
    Openssl.Result r =
        Openssl.run(
            "pkey",
            "-in",
            dir.resolve("ca/ca.key").toString(),
            "-passin",
            "pass:ca-pass",
            "-noout");
    assertThat(r.exit()).as(r.output()).isZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CertificateAuthority.open(dir.resolve("ca"), java.time.Clock.systemUTC()))
        .hasMessageContaining("encrypted");
    assertThat(
            CertificateAuthority.open(
                    dir.resolve("ca"), java.time.Clock.systemUTC(), "ca-pass".toCharArray())
                .issueServer("example.com", List.of(), List.of(), KeyType.EC, Duration.ofDays(1)))
        .isNotNull();
  }

  @Test
  void rsaServerCertificateAlsoVerifies() {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km =
        ca.ca.issueServer(
            "example.com", List.of(), List.of(), KeyType.RSA2048, Duration.ofDays(30));
    Path crt = write("rsa", km);
    assertThat(
            Openssl.run("verify", "-CAfile", dir.resolve("ca/ca.crt").toString(), crt.toString())
                .exit())
        .isZero();
    assertThat(Openssl.run("x509", "-in", crt.toString(), "-noout", "-text").output())
        .contains("Public-Key: (2048 bit)")
        .contains("Digital Signature, Key Encipherment");
  }

  @Test
  void clientCertificateIsForClientsOnly() {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    Path crt = write("alice", ca.client("alice@example.com"));
    String text = Openssl.run("x509", "-in", crt.toString(), "-noout", "-text").output();
    assertThat(text)
        .contains("URI:sip:alice@example.com")
        .contains("TLS Web Client Authentication");
    assertThat(text).doesNotContain("TLS Web Server Authentication");
    Openssl.Result asServer =
        Openssl.run(
            "verify",
            "-purpose",
            "sslserver",
            "-CAfile",
            dir.resolve("ca/ca.crt").toString(),
            crt.toString());
    assertThat(asServer.exit()).isNotZero();
    Openssl.Result asClient =
        Openssl.run(
            "verify",
            "-purpose",
            "sslclient",
            "-CAfile",
            dir.resolve("ca/ca.crt").toString(),
            crt.toString());
    assertThat(asClient.exit()).as(asClient.output()).isZero();
  }

  @Test
  void crlVerifiesAndRevokes() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km = ca.server("example.com");
    Path crt = write("revoked", km);
    ca.ca.revoke(km.leaf().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
    ca.ca.writeCrl(Duration.ofDays(7));
    Path crl = dir.resolve("ca/crl.pem");
    Openssl.Result check =
        Openssl.run(
            "crl", "-in", crl.toString(), "-CAfile", dir.resolve("ca/ca.crt").toString(), "-noout");
    assertThat(check.output()).contains("verify OK");
    assertThat(Openssl.run("crl", "-in", crl.toString(), "-noout", "-text").output())
        .contains(km.leaf().getSerialNumber().toString(16).toUpperCase())
        .contains("Key Compromise")
        .contains("X509v3 CRL Number");
    Openssl.Result verify =
        Openssl.run(
            "verify",
            "-crl_check",
            "-CRLfile",
            crl.toString(),
            "-CAfile",
            dir.resolve("ca/ca.crt").toString(),
            crt.toString());
    assertThat(verify.exit()).isNotZero();
    assertThat(verify.output()).contains("certificate revoked");
    assertThat(Files.readString(dir.resolve("ca/index.tsv"))).contains("revoked\t");
  }

  @Test
  void pkcs12OpensWithOpenssl() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    Path p12 = dir.resolve("alice.p12");
    Files.write(p12, ca.client("alice@example.com").toPkcs12("alice", "phone-pass".toCharArray()));
    Openssl.Result r =
        Openssl.run("pkcs12", "-in", p12.toString(), "-passin", "pass:phone-pass", "-nokeys");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("BEGIN CERTIFICATE");
  }
}
