package io.sipher.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.Pem;
import io.sipher.pki.TestCa;
import io.sipher.server.auth.AuthConfig;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.Users;
import io.sipher.server.registrar.Binding;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.MemoryBindingStore;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrarConfig;
import io.sipher.stack.SipStack;
import io.sipher.stack.testing.Sipp;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party softphone, baresip (Debian package baresip-core), registers over TLS as an RFC 5626
 * outbound client: it verifies the server's certificate against the CA file it is given and answers
 * the digest challenge; then a call put through the proxy reaches it over that flow and it answers
 * with an SDP answer. Its library only computes MD5 digests and gives up when the first challenge
 * is another algorithm, so this domain offers MD5 alone, as sipher would be configured for such
 * phones.
 */
class BaresipRegisterTest {
  @TempDir Path dir;

  private static boolean baresipInstalled() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "baresip"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void baresipRegistersOverTlsAndAnswersACallThroughTheProxy() throws Exception {
    assumeTrue(baresipInstalled(), "baresip is not installed (baresip-core; test.sh installs it)");
    TestCa ca = TestCa.create(dir.resolve("ca"));
    Path caFile = dir.resolve("ca.crt");
    Pem.writeCertificates(caFile, List.of(ca.ca.certificate()));
    CertificateVerifier trust =
        new CertificateVerifier(List.of(ca.ca.certificate()), List.of(), Clock.systemUTC());
    LocationService location = new LocationService(new MemoryBindingStore(), Clock.systemUTC());
    ServerConfig config =
        new ServerConfig(
            Map.of("localhost", TlsPolicy.TLS_ONLY),
            AuthConfig.DEFAULTS.withAlgorithms(List.of(DigestAlgorithm.MD5)),
            RegistrarConfig.DEFAULTS,
            // the test's own caller below: trusted over its TLS connection, so not challenged
            Set.of(java.net.InetAddress.getByName("127.0.0.1")));
    ServerCore core =
        new ServerCore(
            config,
            new DigestAuthenticator(
                config.auth(),
                Users.of("alice", "localhost", "bare-secret"),
                DigestAuthenticator.newSecret(),
                Clock.systemUTC()),
            new Registrar(location, config.registrar(), Clock.systemUTC()));
    try (SipStack server =
        SipStack.start(
            TransportConfig.DEFAULTS.withTrust(() -> trust),
            List.of(
                ListenerConfig.secure(
                    Transport.TLS,
                    new InetSocketAddress("127.0.0.1", 0),
                    TlsServerConfig.of(ca.server("localhost")))),
            TransactionConfig.DEFAULTS,
            core)) {
      core.attach(server); // as in production: the proxy sees every request (§16.4)
      int tls = server.transport().listener(Transport.TLS).orElseThrow().address().getPort();
      Path conf = dir.resolve("baresip");
      Files.createDirectories(conf);
      Files.writeString(
          conf.resolve("config"),
          String.join(
              "\n",
              "poll_method epoll",
              "sip_listen 127.0.0.1:" + Sipp.freePort(),
              "sip_transports udp,tcp,tls",
              "sip_cafile " + caFile,
              "net_interface 127.0.0.1",
              "module_path /usr/lib/baresip/modules",
              "module g711.so",
              "module_app uuid.so",
              "module_app account.so",
              "audio_player nil",
              "audio_source nil",
              "audio_alert nil",
              ""));
      Files.writeString(
          conf.resolve("accounts"),
          "<sip:alice@localhost;transport=tls>;auth_pass=bare-secret;outbound=\"sip:127.0.0.1:"
              + tls
              + ";transport=tls\";regint=300;sipnat=outbound;answermode=auto\n");
      Process baresip =
          new ProcessBuilder("baresip", "-f", conf.toString(), "-t", "20")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("baresip.log").toFile())
              .start();
      Binding b;
      SipResponse answered = null;
      try {
        b =
            await()
                .atMost(Duration.ofSeconds(15))
                .until(
                    () -> location.lookup("sip:alice@localhost", t -> true),
                    list -> !list.isEmpty())
                .get(0);
        try (SipStack caller =
            SipStack.start(
                TransportConfig.DEFAULTS.withTrust(() -> trust),
                List.of(),
                TransactionConfig.DEFAULTS,
                new SilentUser())) {
          answered = call(caller, tls);
        }
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(Files.readString(dir.resolve("baresip.log")), e);
      } finally {
        baresip.destroy(); // it unregisters on its way out
        baresip.waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(b.transport()).isEqualTo("TLS");
      assertThat(b.userAgent()).containsIgnoringCase("baresip");
      assertThat(answered).as(Files.readString(dir.resolve("baresip.log"))).isNotNull();
      assertThat(answered.statusCode()).isEqualTo(200);
      assertThat(answered.bodyText()).contains("m=audio");
    }
  }

  /**
   * Calls alice through the proxy over TLS with an audio offer; baresip answers on its own
   * (answermode=auto) over the flow it registered on (RFC 5626, sipnat=outbound).
   */
  private static SipResponse call(SipStack caller, int proxyTls) throws Exception {
    String sdp =
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    String text =
        "INVITE sip:alice@localhost SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS caller.invalid;branch=z9hG4bK-bare1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:carol@localhost>;tag=c1\r\n"
            + "To: <sip:alice@localhost>\r\n"
            + "Call-ID: bare-call@test\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:carol@caller.invalid;transport=tls>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: "
            + sdp.length()
            + "\r\n\r\n"
            + sdp;
    SipRequest invite =
        (SipRequest)
            ((io.sipher.message.ParseResult.Parsed)
                    new io.sipher.message.SipParser()
                        .parseDatagram(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .message();
    java.util.concurrent.CompletableFuture<SipResponse> done =
        new java.util.concurrent.CompletableFuture<>();
    caller.sendRequest(
        invite,
        new io.sipher.stack.transport.Destination(
            Transport.TLS, new InetSocketAddress("127.0.0.1", proxyTls), "localhost"),
        io.sipher.stack.transaction.ClientTransactionListener.completing(done));
    return done.get(15, TimeUnit.SECONDS);
  }

  /** A transaction user for a stack that only places calls. */
  private static final class SilentUser implements io.sipher.stack.transaction.TransactionUser {
    @Override
    public void onRequest(io.sipher.stack.transaction.ServerTransaction tx, SipRequest request) {}

    @Override
    public void onCancel(
        io.sipher.stack.transaction.ServerTransaction cancel,
        java.util.Optional<io.sipher.stack.transaction.InviteServerTransaction> invite) {}

    @Override
    public void onAck(
        SipRequest ack,
        io.sipher.stack.transaction.Wire wire,
        java.util.Optional<io.sipher.stack.transaction.InviteServerTransaction> invite) {}

    @Override
    public void onStrayResponse(SipResponse response, io.sipher.stack.transaction.Wire wire) {}
  }
}
