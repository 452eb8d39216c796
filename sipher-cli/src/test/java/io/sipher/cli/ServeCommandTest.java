package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.pki.CertificateAuthority;
import io.sipher.pki.KeyType;
import io.sipher.pki.Pem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sipher serve} on its embedded defaults (ports moved to free ones, loopback only): it
 * creates its development certificates and store, listens on all five transports, and refuses plain
 * transports under the default tls-only policy with a reason.
 */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void servesAllFiveTransportsAndAppliesTheTlsOnlyPolicy() throws Exception {
    ServeCommand serve = new ServeCommand();
    CommandLine cl = new CommandLine(serve);
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cl.execute(
                    "--data",
                    dir.resolve("data").toString(),
                    "--domain",
                    "localhost",
                    "--bind",
                    "127.0.0.1",
                    "--udp-port",
                    "0",
                    "--tcp-port",
                    "0",
                    "--tls-port",
                    "0",
                    "--ws-port",
                    "0",
                    "--wss-port",
                    "0"));
    try {
      for (int i = 0; i < 600 && serve.running == null && !exit.isDone(); i++) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertThat(serve.running).as(out.toString()).isNotNull();
      assertThat(serve.running.listeners()).hasSize(5);
      Path key = dir.resolve("data/tls/server.key");
      assertThat(Files.getPosixFilePermissions(key))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

      int udp =
          serve
              .running
              .listener(io.sipher.stack.transport.Transport.UDP)
              .orElseThrow()
              .address()
              .getPort();
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
        s.setSoTimeout(10_000);
        byte[] options =
            ("OPTIONS sip:localhost SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:"
                    + s.getLocalPort()
                    + ";branch=z9hG4bK-serve\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@localhost>;tag=p\r\n"
                    + "To: <sip:localhost>\r\n"
                    + "Call-ID: serve-test\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        s.send(
            new DatagramPacket(options, options.length, new InetSocketAddress("127.0.0.1", udp)));
        DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
        s.receive(p);
        String answer = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
        // The default policy is tls-only: a plain-UDP request is refused, saying why.
        assertThat(answer)
            .startsWith(
                "SIP/2.0 403 Forbidden (domain localhost accepts requests over TLS only)\r\n");
      }
    } finally {
      serve.stop.countDown();
    }
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void badOptionsGetAClearMessage() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "serve",
            "--data",
            dir.toString(),
            "--client-auth",
            "sometimes");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--client-auth must be none, optional or required");
    StringWriter err2 = new StringWriter();
    int code2 =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err2, true),
            "serve",
            "--data",
            dir.toString(),
            "--tls-policy",
            "sometimes");
    assertThat(code2).isEqualTo(2);
    assertThat(err2.toString()).contains("unknown TLS policy 'sometimes'");
  }

  private X509Certificate ca(String name) {
    return CertificateAuthority.create(
            dir.resolve(name), name, KeyType.EC, Duration.ofDays(1), false, Clock.systemUTC())
        .certificate();
  }

  @Test
  void trustAnchors_replaceTheDevelopmentCa() throws Exception {
    X509Certificate a = ca("a");
    X509Certificate b = ca("b");
    X509Certificate c = ca("c");
    X509Certificate development = ca("development");
    Path both = dir.resolve("ab.pem");
    Pem.writeCertificates(both, List.of(a, b));
    Path developmentCa = dir.resolve("development").resolve(CertificateAuthority.CERT_FILE);

    // Every certificate of every file, in order; the development CA is not added.
    assertThat(
            ServeCommand.trustedCertificates(
                List.of(both, dir.resolve("c").resolve(CertificateAuthority.CERT_FILE)),
                developmentCa,
                List.of(development)))
        .containsExactly(a, b, c);
    // None configured: the development CA, else the top of the server's own chain.
    assertThat(ServeCommand.trustedCertificates(List.of(), developmentCa, List.of(a)))
        .containsExactly(development);
    assertThat(ServeCommand.trustedCertificates(List.of(), dir.resolve("none.crt"), List.of(a, b)))
        .containsExactly(b);
  }

  @Test
  void aTrustAnchorThatIsNoCertificate_stopsTheStart() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.pem"), "not a certificate\n");
    Path config =
        Files.writeString(
            dir.resolve("sipher.yaml"),
            """
            data: %s
            domains: [{name: localhost}]
            listeners: [{transport: tls, address: 127.0.0.1, port: 0}]
            tls:
              trust-anchors: [%s]
            """
                .formatted(dir.resolve("data"), bad));
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "serve",
            "--config",
            config.toString());

    assertThat(code).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).startsWith("sipher serve: " + bad);
  }
}
