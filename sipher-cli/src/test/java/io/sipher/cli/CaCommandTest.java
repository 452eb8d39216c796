package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.pki.CertificateAuthority;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.KeyType;
import io.sipher.pki.Openssl;
import io.sipher.pki.Pem;
import io.sipher.pki.TestCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sipher ca} and {@code sipher cert show}: the commands an admin runs, end to end. */
class CaCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run sipher(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String ca() {
    return dir.resolve("ca").toString();
  }

  @Test
  void initIssueListRevokeAndShow() throws Exception {
    Run init = sipher("ca", "init", "--dir", ca(), "--name", "Example Corp SIP CA");
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out()).contains("ca.crt").contains("0600");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca/ca.key"))))
        .isEqualTo("rw-------");

    Run again = sipher("ca", "init", "--dir", ca());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("already exists").contains("--force");

    Run server =
        sipher(
            "ca",
            "issue",
            "server",
            "--dir",
            ca(),
            "--domain",
            "example.com",
            "--dns",
            "sip.example.com",
            "--ip",
            "127.0.0.1");
    assertThat(server.exit()).as(server.err()).isZero();
    assertThat(server.out()).contains("URI:sip:example.com").contains("serverAuth, clientAuth");
    Path crt = dir.resolve("ca/issued/example.com.crt");
    Path key = dir.resolve("ca/issued/example.com.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Pem.readCertificates(crt)).hasSize(2);

    Path pw = dir.resolve("pw");
    Files.writeString(pw, "phone-secret\n");
    Run client =
        sipher(
            "ca",
            "issue",
            "client",
            "--dir",
            ca(),
            "--user",
            "alice@example.com",
            "--p12",
            "--password-file",
            pw.toString());
    assertThat(client.exit()).as(client.err()).isZero();
    Path p12 = dir.resolve("ca/issued/alice@example.com.p12");
    assertThat(
            KeyMaterial.fromPkcs12(p12, "phone-secret".toCharArray())
                .leaf()
                .getSubjectX500Principal()
                .getName())
        .contains("alice@example.com");

    Run list = sipher("ca", "list", "--dir", ca());
    assertThat(list.out()).contains("server").contains("client").contains("sip:alice@example.com");

    String serial = Pem.readCertificates(crt).get(0).getSerialNumber().toString(16);
    Run show =
        sipher(
            "cert",
            "show",
            crt.toString(),
            "--ca",
            dir.resolve("ca/ca.crt").toString(),
            "--domain",
            "example.com");
    assertThat(show.exit()).as(show.out()).isZero();
    assertThat(show.out())
        .contains("SIP domains:        example.com (from sip URI subjectAltName)")
        .contains("EC P-256")
        .contains("days left")
        .contains("Verification against")
        .contains("OK");

    Run wrongDomain =
        sipher(
            "cert",
            "show",
            crt.toString(),
            "--ca",
            dir.resolve("ca/ca.crt").toString(),
            "--domain",
            "example.net");
    assertThat(wrongDomain.exit()).isEqualTo(1);
    assertThat(wrongDomain.out()).contains("FAILED (IDENTITY_MISMATCH)");

    Run revoke = sipher("ca", "revoke", serial, "--dir", ca(), "--reason", "key-compromise");
    assertThat(revoke.exit()).as(revoke.err()).isZero();
    Run revokedShow =
        sipher(
            "cert",
            "show",
            crt.toString(),
            "--ca",
            dir.resolve("ca/ca.crt").toString(),
            "--crl",
            dir.resolve("ca/crl.pem").toString());
    assertThat(revokedShow.exit()).isEqualTo(1);
    assertThat(revokedShow.out()).contains("FAILED (REVOKED)");
    assertThat(sipher("ca", "revoke", serial, "--dir", ca()).err()).contains("already revoked");

    Run crl = sipher("ca", "crl", "--dir", ca(), "--days", "7");
    assertThat(crl.exit()).isZero();
    assertThat(crl.out()).contains("1 revoked");
  }

  @Test
  void issuedFilesVerifyWithOpenssl() {
    Openssl.assumeInstalled();
    sipher("ca", "init", "--dir", ca());
    sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com");
    Openssl.Result r =
        Openssl.run(
            "verify",
            "-CAfile",
            dir.resolve("ca/ca.crt").toString(),
            dir.resolve("ca/issued/example.com.crt").toString());
    assertThat(r.exit()).as(r.output()).isZero();
  }

  @Test
  void clearErrors() throws Exception {
    assertThat(sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com").err())
        .contains("no CA in")
        .contains("sipher ca init");
    sipher("ca", "init", "--dir", ca());
    Run badDomain = sipher("ca", "issue", "server", "--dir", ca(), "--domain", "not a domain");
    assertThat(badDomain.exit()).isEqualTo(1);
    assertThat(badDomain.err()).contains("'not a domain' is not a valid domain name");
    assertThat(
            sipher(
                    "ca",
                    "issue",
                    "server",
                    "--dir",
                    ca(),
                    "--domain",
                    "example.com",
                    "--ip",
                    "example.org")
                .err())
        .contains("not an IP address");
    assertThat(sipher("ca", "issue", "client", "--dir", ca(), "--user", "alice").err())
        .contains("not user@domain");
    assertThat(sipher("ca", "init", "--dir", dir.resolve("x").toString(), "--key", "dsa").err())
        .contains("unknown key type");
    assertThat(sipher("ca", "revoke", "zz", "--dir", ca()).err())
        .contains("not a hexadecimal serial");
    assertThat(sipher("ca", "revoke", "abc123", "--dir", ca()).err())
        .contains("issued no certificate");
    assertThat(
            sipher("ca", "issue", "client", "--dir", ca(), "--user", "a@example.com", "--p12")
                .err())
        .contains("--password-file");
    assertThat(sipher("cert", "show", dir.resolve("nothing.pem").toString()).err())
        .contains("no such file");
    // the same output twice needs --force
    sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com");
    assertThat(sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com").err())
        .contains("--force");
  }

  @Test
  void caKeyEncryptedAtRest() throws Exception {
    Path pw = dir.resolve("ca-pw");
    Files.writeString(pw, "long ca passphrase\n");
    assertThat(sipher("ca", "init", "--dir", ca(), "--key-password-file", pw.toString()).exit())
        .isZero();
    assertThat(Files.readString(dir.resolve("ca/ca.key"))).contains("ENCRYPTED PRIVATE KEY");
    assertThat(sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com").err())
        .contains("encrypted and no password");
    Run ok =
        sipher(
            "ca",
            "issue",
            "server",
            "--dir",
            ca(),
            "--domain",
            "example.com",
            "--key-password-file",
            pw.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
  }

  @Test
  void nothingIsIssuedWhenTheOutputCannotBeWritten() {
    sipher("ca", "init", "--dir", ca());
    sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com");
    assertThat(sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com").err())
        .contains("--force");
    assertThat(
            sipher("ca", "issue", "client", "--dir", ca(), "--user", "a@example.com", "--p12")
                .err())
        .contains("--password-file");
    assertThat(
            sipher("ca", "list", "--dir", ca())
                .out()
                .lines()
                .filter(l -> l.contains("valid"))
                .count())
        .isEqualTo(1);
  }

  @Test
  void badHostPort() {
    assertThat(sipher("cert", "show", "2001:db8::1:5061").err()).contains("in brackets");
    assertThat(sipher("cert", "show", "example.com:99999").err()).contains("port of 1-65535");
  }

  @Test
  void expiredCaRefusesToIssue() {
    Instant longAgo = Instant.now().minus(Duration.ofDays(30));
    CertificateAuthority.create(
        dir.resolve("old"), "Old CA", KeyType.EC, Duration.ofDays(1), false, TestCa.fixed(longAgo));
    Run r =
        sipher(
            "ca",
            "issue",
            "server",
            "--dir",
            dir.resolve("old").toString(),
            "--domain",
            "example.com");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("the CA certificate expired");
  }

  @Test
  void encryptedCaKeyIsExplained() {
    Openssl.assumeInstalled();
    sipher("ca", "init", "--dir", ca());
    Path key = dir.resolve("ca/ca.key");
    Openssl.Result enc =
        Openssl.run(
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-in",
            key.toString(),
            "-out",
            key.toString() + ".enc",
            "-passout",
            "pass:x");
    assertThat(enc.exit()).as(enc.output()).isZero();
    try {
      Files.move(Path.of(key + ".enc"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(sipher("ca", "issue", "server", "--dir", ca(), "--domain", "example.com").err())
        .contains("encrypted and no password");
  }

  @Test
  void showPresentedChainOfATlsServer() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km = ca.server("example.com");
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "s",
        km.privateKey(),
        "x".toCharArray(),
        km.chain().toArray(new java.security.cert.Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "x".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (SSLServerSocket server =
        (SSLServerSocket)
            ctx.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      pool.submit(
          () -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
              s.startHandshake();
              s.getInputStream().read();
            }
            return null;
          });
      Run r =
          sipher(
              "cert",
              "show",
              "127.0.0.1:" + server.getLocalPort(),
              "--ca",
              dir.resolve("ca/ca.crt").toString(),
              "--domain",
              "example.com");
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.out())
          .contains("presented 2 certificates")
          .contains("URI:sip:example.com")
          .contains("OK");
    } finally {
      pool.shutdownNow();
    }
  }
}
