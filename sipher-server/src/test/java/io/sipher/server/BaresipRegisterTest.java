package io.sipher.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.Pem;
import io.sipher.pki.TestCa;
import io.sipher.server.auth.AuthConfig;
import io.sipher.server.auth.DigestAlgorithm;
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
 * A third-party softphone, baresip (Debian package baresip-core), registers over TLS: it verifies
 * the server's certificate against the CA file it is given, and answers the digest challenge. Its
 * library only computes MD5 digests and gives up when the first challenge is another algorithm, so
 * this domain offers MD5 alone, as sipher would be configured for such phones.
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
  void baresipRegistersOverTlsWithDigest() throws Exception {
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
            Set.of());
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
              "module_app account.so",
              "audio_player nil",
              "audio_source nil",
              "audio_alert nil",
              ""));
      Files.writeString(
          conf.resolve("accounts"),
          "<sip:alice@localhost;transport=tls>;auth_pass=bare-secret;outbound=\"sip:127.0.0.1:"
              + tls
              + ";transport=tls\";regint=300\n");
      Process baresip =
          new ProcessBuilder("baresip", "-f", conf.toString(), "-t", "20")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("baresip.log").toFile())
              .start();
      Binding b;
      try {
        b =
            await()
                .atMost(Duration.ofSeconds(15))
                .until(
                    () -> location.lookup("sip:alice@localhost", t -> true),
                    list -> !list.isEmpty())
                .get(0);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(Files.readString(dir.resolve("baresip.log")), e);
      } finally {
        baresip.destroy(); // it unregisters on its way out
        baresip.waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(b.transport()).isEqualTo("TLS");
      assertThat(b.userAgent()).containsIgnoringCase("baresip");
    }
  }
}
