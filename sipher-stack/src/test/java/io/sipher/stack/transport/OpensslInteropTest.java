package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.pki.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener against a real third-party client, {@code openssl s_client}: the chain verifies
 * against our CA, TLS 1.2 and 1.3 are accepted, TLS 1.1 and weaker are refused even when the client
 * allows them, SNI selects the certificate, and a required client certificate is enforced.
 */
class OpensslInteropTest {
  @TempDir static Path dir;
  static TestTls tls;
  static Path caFile;
  Node server;
  Node mtlsServer;

  record Run(int exit, String output) {}

  @BeforeAll
  static void ca() throws IOException {
    assumeTrue(onPath("openssl"), "openssl is not installed (test.sh installs it)");
    tls = new TestTls(dir.resolve("ca"));
    caFile = dir.resolve("ca.crt");
    Files.writeString(caFile, Pem.encodeCertificates(List.of(tls.ca.ca.certificate())));
  }

  @BeforeEach
  void start() {
    TlsServerConfig sni =
        TlsServerConfig.of(tls.server("a.example.com"))
            .withServerName("b.example.com", () -> tls.server("b.example.com"));
    server = new Node(tls.config(), ListenerConfig.secure(Transport.TLS, Node.loopback(0), sni));
    mtlsServer =
        new Node(
            tls.config(),
            ListenerConfig.secure(
                Transport.TLS,
                Node.loopback(0),
                TlsServerConfig.of(tls.server("a.example.com"))
                    .withClientAuth(ClientAuth.REQUIRED)));
  }

  @AfterEach
  void stop() {
    server.close();
    mtlsServer.close();
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Run sClient(Node n, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect"));
    cmd.add("127.0.0.1:" + n.address(Transport.TLS).getPort());
    cmd.addAll(List.of("-CAfile", caFile.toString(), "-verify_return_error"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    // Some SIP for the server to read, then end of input: s_client then closes.
    p.getOutputStream()
        .write(Node.options(Transport.TLS, "openssl.invalid", "z9hG4bK-openssl").toByteArray());
    p.getOutputStream().close();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("openssl s_client did not finish");
    }
    return new Run(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void tls13HandshakeVerifiesAgainstOurCa() throws Exception {
    Run r = sClient(server, "-tls1_3", "-servername", "a.example.com");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("TLSv1.3").contains("Verify return code: 0 (ok)");
    assertThat(server.next().message().callId()).isEqualTo("z9hG4bK-openssl@test");
  }

  @Test
  void tls12WithAnAeadEcdheSuite() throws Exception {
    Run r = sClient(server, "-tls1_2", "-servername", "a.example.com");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("TLSv1.2").containsPattern("Cipher is ECDHE-(ECDSA|RSA)-");
    assertThat(r.output()).containsPattern("Cipher is \\S*(GCM|CHACHA20)");
  }

  @Test
  void tls11AndTls10AreRefusedEvenWhenTheClientAllowsThem() throws Exception {
    // SECLEVEL=0 lets this openssl offer the old versions, so the refusal is the server's.
    for (String old : List.of("-tls1_1", "-tls1")) {
      Run r = sClient(server, old, "-cipher", "DEFAULT@SECLEVEL=0", "-servername", "a.example.com");
      assertThat(r.exit()).as(old + ": " + r.output()).isNotZero();
    }
    assertThat(server.maybeNext(200)).isNull();
  }

  @Test
  void sessionsAreResumed() throws Exception {
    Path session = dir.resolve("session.pem");
    Run first =
        sClient(server, "-tls1_2", "-servername", "a.example.com", "-sess_out", session.toString());
    assertThat(first.output()).contains("New, TLSv1.2");
    Run again =
        sClient(server, "-tls1_2", "-servername", "a.example.com", "-sess_in", session.toString());
    assertThat(again.output()).as(again.output()).contains("Reused, TLSv1.2");
  }

  @Test
  void sniSelectsTheCertificateForTheDomain() throws Exception {
    Run b = sClient(server, "-servername", "b.example.com");
    assertThat(b.output()).contains("CN = b.example.com").doesNotContain("CN = a.example.com");
    Run a = sClient(server, "-servername", "a.example.com");
    assertThat(a.output()).contains("CN = a.example.com");
  }

  @Test
  void requiredClientCertificateIsEnforced() throws Exception {
    // TLS 1.2: the handshake itself fails without a client certificate.
    Run anonymous12 = sClient(mtlsServer, "-tls1_2", "-servername", "a.example.com");
    assertThat(anonymous12.exit()).as(anonymous12.output()).isNotZero();
    // TLS 1.3: the client finishes its side first; the server refuses before any SIP is read.
    sClient(mtlsServer, "-tls1_3", "-servername", "a.example.com");
    assertThat(mtlsServer.maybeNext(300)).isNull();

    var phone = tls.ca.client("alice@example.com");
    Path cert = dir.resolve("alice.crt");
    Path key = dir.resolve("alice.key");
    Pem.writeCertificates(cert, phone.chain());
    Pem.writePrivateKey(key, phone.privateKey());
    Run alice =
        sClient(
            mtlsServer,
            "-servername",
            "a.example.com",
            "-cert",
            cert.toString(),
            "-key",
            key.toString());
    assertThat(alice.exit()).as(alice.output()).isZero();
    assertThat(mtlsServer.next().flow().peerIdentities().users()).contains("alice@example.com");
  }
}
