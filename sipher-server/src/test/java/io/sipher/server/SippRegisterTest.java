package io.sipher.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.auth.DigestAlgorithm;
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
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3261 §10 and §22 against a third-party client: SIPp registers with digest authentication over
 * UDP and TCP (in a domain whose policy allows plain transports). SIPp answers MD5 challenges, so
 * the domain offers MD5 only here, which is also how sipher serves old phones.
 */
class SippRegisterTest {
  @TempDir Path dir;

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"UDP", "TCP"})
  void sippRegistersWithDigest(Transport t) throws Exception {
    LocationService location = new LocationService(new MemoryBindingStore(), Clock.systemUTC());
    ServerConfig config =
        new ServerConfig(
            Map.of("example.com", TlsPolicy.BEST_EFFORT),
            AuthConfig.DEFAULTS.withAlgorithms(List.of(DigestAlgorithm.MD5)),
            RegistrarConfig.DEFAULTS,
            Set.of());
    ServerCore core =
        new ServerCore(
            config,
            new DigestAuthenticator(
                config.auth(),
                Users.of("alice", "example.com", "sipp secret"),
                DigestAuthenticator.newSecret(),
                Clock.systemUTC()),
            new Registrar(location, config.registrar(), Clock.systemUTC()));
    try (SipStack server =
        SipStack.start(
            TransportConfig.DEFAULTS,
            List.of(ListenerConfig.plain(t, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            core)) {
      core.attach(server); // as in production: the proxy sees every request (§16.4)
      int port = server.transport().listener(t).orElseThrow().address().getPort();
      String scenario =
          Path.of(getClass().getResource("/sipp/register-digest.xml").toURI()).toString();
      Sipp sipp = new Sipp(dir);
      Process p =
          sipp.start(
              scenario,
              t,
              Sipp.freePort(),
              "-m",
              "1",
              "-au",
              "alice",
              "-ap",
              "sipp secret",
              // SIPp's digest uri is the remote address unless told: make it the Request-URI,
              // which sipher checks it against (RFC 3261 §22.4)
              "-auth_uri",
              "example.com",
              "127.0.0.1:" + port);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      assertThat(p.exitValue()).as(sipp.log(scenario)).isZero();
      List<Binding> bindings = location.lookup("sip:alice@example.com", token -> true);
      assertThat(bindings).hasSize(1);
      assertThat(bindings.get(0).userAgent()).isEqualTo("SIPp");
      assertThat(bindings.get(0).transport()).isEqualTo(t.viaName());
      // §8.2.7: the 401 was sent statelessly; over UDP only the 200's transaction lingers for
      // Timer J (over TCP none does).
      assertThat(server.transactions().size()).isEqualTo(t == Transport.UDP ? 1 : 0);
    }
  }
}
