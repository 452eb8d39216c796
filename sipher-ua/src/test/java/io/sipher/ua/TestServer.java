package io.sipher.ua;

import io.sipher.message.uri.SipUri;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.TestCa;
import io.sipher.server.ServerConfig;
import io.sipher.server.ServerCore;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.UserCredentials;
import io.sipher.server.registrar.Binding;
import io.sipher.server.registrar.BindingStore;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrarConfig;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A sipher registrar and proxy for domain {@code example.com} on a loopback TLS port, with its own
 * throwaway CA, and user agents that trust it. Every user exists, with password {@code
 * <user>-secret}; nobody is trusted by address, so every request is challenged.
 */
final class TestServer implements AutoCloseable {
  static final String DOMAIN = "example.com";

  final TestCa ca;
  final TransportConfig trusting;
  final LocationService location;
  final ServerCore core;
  final SipStack stack;
  private final List<UserAgent> agents = new ArrayList<>();

  TestServer(Path dir) {
    ca = TestCa.create(dir);
    CertificateVerifier trust =
        new CertificateVerifier(List.of(ca.ca.certificate()), List.of(), Clock.systemUTC());
    trusting = TransportConfig.DEFAULTS.withTrust(() -> trust);
    location = new LocationService(NOT_PERSISTED, Clock.systemUTC());
    ServerConfig config = ServerConfig.forDomain(DOMAIN);
    core =
        new ServerCore(
            config,
            new DigestAuthenticator(
                config.auth(),
                (user, realm) ->
                    Optional.of(
                        UserCredentials.fromPassword(user, realm, password(user).toCharArray())),
                DigestAuthenticator.newSecret(),
                Clock.systemUTC()),
            new Registrar(location, RegistrarConfig.DEFAULTS, Clock.systemUTC()));
    stack =
        SipStack.start(
            trusting,
            List.of(
                ListenerConfig.secure(
                    Transport.TLS,
                    new InetSocketAddress("127.0.0.1", 0),
                    TlsServerConfig.of(ca.server(DOMAIN)))),
            TransactionConfig.DEFAULTS,
            core);
    core.attach(stack);
  }

  // The location service keeps bindings in memory; the tests need no disk behind it.
  private static final BindingStore NOT_PERSISTED =
      new BindingStore() {
        @Override
        public void save(Binding binding) {}

        @Override
        public void delete(String aor, String key) {}

        @Override
        public List<Binding> loadAll() {
          return List.of();
        }
      };

  static String password(String user) {
    return user + "-secret";
  }

  Destination address() {
    return new Destination(
        Transport.TLS, stack.transport().listener(Transport.TLS).orElseThrow().address(), DOMAIN);
  }

  /** A UA for {@code sips:<user>@example.com} with no listener: reached over its own flow. */
  UserAgent agent(String user) {
    return agent(
        UaConfig.builder(SipUri.parse("sips:" + user + "@" + DOMAIN), address())
            .password(password(user))
            .transport(trusting));
  }

  UserAgent agent(UaConfig.Builder config) {
    UserAgent ua = UserAgent.start(config.build());
    agents.add(ua);
    return ua;
  }

  @Override
  public void close() {
    agents.forEach(UserAgent::close);
    stack.close();
  }
}
