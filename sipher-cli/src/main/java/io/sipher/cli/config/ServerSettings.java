package io.sipher.cli.config;

import io.sipher.message.ParserLimits;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.server.ServerConfig;
import io.sipher.server.TlsPolicy;
import io.sipher.server.auth.AuthConfig;
import io.sipher.server.proxy.ProxyConfig;
import io.sipher.server.registrar.RegistrarConfig;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsEngine;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code sipher serve} can be told, as one immutable tree: what the YAML configuration
 * file holds, after defaults are filled in. {@link ConfigLoader} builds it from a file, {@link
 * #defaults(String)} without one, and {@link CommandLineOverrides} lays the command line over
 * either.
 *
 * <p>The defaults of the limits, timers, lifetimes and digest settings are read from the {@code
 * DEFAULTS} of the records the stack and server use, so a default changed there changes here (and
 * in {@code sipher config example}) too. The records here hold only what the file can say; the
 * {@code ...Config()} methods turn them into those records.
 *
 * <p>Nothing here is validated beyond non-null: {@link SettingsCheck} does that, naming the key of
 * every problem, and both the loader and the overrides run it.
 *
 * @param data the data folder: store, development CA and certificate, nonce secret
 * @param domains the SIP domains served, the first being the primary (the development certificate's
 *     name)
 * @param listeners the listening sockets
 * @param limits transport and parser limits
 * @param transactions RFC 3261 timers and the transaction table's size
 * @param registrar registration lifetimes
 * @param auth digest authentication
 * @param trustedPeers addresses whose requests are not challenged
 * @param tls TLS engine, key log and trust anchors
 * @param proxy how the proxy forwards requests
 */
public record ServerSettings(
    Path data,
    List<Domain> domains,
    List<Listener> listeners,
    Limits limits,
    Transactions transactions,
    Registrar registrar,
    Auth auth,
    List<InetAddress> trustedPeers,
    Tls tls,
    Proxy proxy) {

  /** The data folder when none is given; the same as {@code sipher serve --data}'s default. */
  public static final Path DEFAULT_DATA = Path.of("sipher-data");

  /**
   * Where the development certificate and key live inside the data folder; {@code sipher serve}
   * creates them on first start (its {@code DevelopmentCertificates}).
   */
  public static final Path DEVELOPMENT_CERTIFICATE = Path.of("tls", "server.crt");

  public static final Path DEVELOPMENT_KEY = Path.of("tls", "server.key");

  /**
   * The development CA's certificate inside the data folder ({@code sipher serve} makes it with the
   * development certificate); trusted when {@code tls.trust-anchors} is empty.
   */
  public static final Path DEVELOPMENT_CA = Path.of("ca", "ca.crt");

  /** The address listeners bind when none is given: every IPv6 and (dual-stack) IPv4 address. */
  public static final String ANY_ADDRESS = "::";

  public ServerSettings {
    Objects.requireNonNull(data, "data");
    domains = List.copyOf(domains);
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(registrar, "registrar");
    Objects.requireNonNull(auth, "auth");
    trustedPeers = List.copyOf(trustedPeers);
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(proxy, "proxy");
  }

  /**
   * The embedded default, which {@code sipher serve} runs without a file: one domain with the
   * {@code tls-only} policy and the development certificate, UDP and TCP on 5060, TLS on 5061, WS
   * on 8080 and WSS on 8443, all on {@code ::}, data in {@code ./sipher-data}.
   */
  public static ServerSettings defaults(String domain) {
    return new ServerSettings(
        DEFAULT_DATA,
        List.of(Domain.named(domain)),
        Listener.DEFAULTS,
        Limits.DEFAULTS,
        Transactions.DEFAULTS,
        Registrar.DEFAULTS,
        Auth.DEFAULTS,
        List.of(),
        Tls.DEFAULTS,
        Proxy.DEFAULTS);
  }

  /** The first domain: the name the development certificate is issued for. */
  public Domain primaryDomain() {
    return domains.get(0);
  }

  /** Domain name to TLS policy, in the file's order. */
  public Map<String, TlsPolicy> domainPolicies() {
    Map<String, TlsPolicy> m = new LinkedHashMap<>();
    for (Domain d : domains) {
      m.put(d.name(), d.tlsPolicy());
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * What the server core needs: domains and policies, digest, registrar, trusted peers, proxy. The
   * proxy's route secret is left unset: {@code sipher serve} derives it from the data folder.
   */
  public ServerConfig serverConfig() {
    return new ServerConfig(
        domainPolicies(),
        authConfig(),
        registrarConfig(),
        new LinkedHashSet<>(trustedPeers),
        proxyConfig());
  }

  public ProxyConfig proxyConfig() {
    return proxy.toConfig();
  }

  /** The transport settings, without trust anchors or client material (the caller adds those). */
  public TransportConfig transportConfig() {
    return limits
        .applyTo(TransportConfig.DEFAULTS.toBuilder())
        .keyLogFile(tls.keyLogFile())
        .tlsEngine(tls.engine())
        .build();
  }

  public TransactionConfig transactionConfig() {
    return transactions.toConfig();
  }

  public AuthConfig authConfig() {
    return auth.toConfig();
  }

  public RegistrarConfig registrarConfig() {
    return registrar.toConfig();
  }

  /**
   * The listeners as the stack takes them. {@code tls} (certificates, SNI names) is given to the
   * TLS and WSS listeners, each with its own client-certificate mode; it may be null when there are
   * none.
   */
  public List<ListenerConfig> listenerConfigs(TlsServerConfig tls) {
    List<ListenerConfig> out = new ArrayList<>();
    for (Listener l : listeners) {
      out.add(l.toListenerConfig(tls));
    }
    return List.copyOf(out);
  }

  public ServerSettings withData(Path v) {
    return new ServerSettings(
        v, domains, listeners, limits, transactions, registrar, auth, trustedPeers, tls, proxy);
  }

  public ServerSettings withDomains(List<Domain> v) {
    return new ServerSettings(
        data, v, listeners, limits, transactions, registrar, auth, trustedPeers, tls, proxy);
  }

  public ServerSettings withListeners(List<Listener> v) {
    return new ServerSettings(
        data, domains, v, limits, transactions, registrar, auth, trustedPeers, tls, proxy);
  }

  /**
   * A SIP domain (also the digest realm).
   *
   * @param name lower case
   * @param tlsPolicy how much the domain insists on TLS
   * @param certificate the PEM certificate chain presented for this name (SNI); null means the
   *     development certificate in the data folder
   * @param key the PEM private key of {@code certificate}; null exactly when it is
   */
  public record Domain(String name, TlsPolicy tlsPolicy, Path certificate, Path key) {
    public Domain {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(tlsPolicy, "tlsPolicy");
    }

    /** A domain with the default policy, {@code tls-only}, and the development certificate. */
    public static Domain named(String name) {
      return new Domain(name, TlsPolicy.TLS_ONLY, null, null);
    }

    public boolean usesDevelopmentCertificate() {
      return certificate == null;
    }

    /** The certificate file in effect, the development one resolved in {@code data}. */
    public Path certificateFile(Path data) {
      return certificate != null ? certificate : data.resolve(DEVELOPMENT_CERTIFICATE);
    }

    /** The key file in effect, the development one resolved in {@code data}. */
    public Path keyFile(Path data) {
      return key != null ? key : data.resolve(DEVELOPMENT_KEY);
    }

    public Domain withName(String v) {
      return new Domain(v, tlsPolicy, certificate, key);
    }

    public Domain withTlsPolicy(TlsPolicy v) {
      return new Domain(name, v, certificate, key);
    }
  }

  /**
   * One listening socket.
   *
   * @param transport what it speaks
   * @param address the local address, a literal ({@code ::} is all of them)
   * @param port 0-65535; 0 picks a free port
   * @param clientAuth whether TLS and WSS listeners ask for client certificates; NONE on others
   * @param wsPath the path WS and WSS clients upgrade on (RFC 7118 §4.1); "/" on others
   */
  public record Listener(
      Transport transport, InetAddress address, int port, ClientAuth clientAuth, String wsPath) {

    /** The five listeners of the embedded default, in this order. */
    public static final List<Listener> DEFAULTS =
        List.of(
            of(Transport.UDP, anyAddress(), defaultPort(Transport.UDP)),
            of(Transport.TCP, anyAddress(), defaultPort(Transport.TCP)),
            of(Transport.TLS, anyAddress(), defaultPort(Transport.TLS)),
            of(Transport.WS, anyAddress(), defaultPort(Transport.WS)),
            of(Transport.WSS, anyAddress(), defaultPort(Transport.WSS)));

    public Listener {
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(address, "address");
      clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
      wsPath = wsPath == null ? "/" : wsPath;
    }

    /** A listener with no client certificates and the WebSocket path "/". */
    public static Listener of(Transport transport, InetAddress address, int port) {
      return new Listener(transport, address, port, ClientAuth.NONE, "/");
    }

    /**
     * The port a listener of {@code t} takes when none is given. SIP's own for UDP, TCP and TLS
     * (RFC 3261 §19.1.2); for WS and WSS not RFC 7118's 80 and 443, which need privileges and are
     * usually a web server's, but the common unprivileged 8080 and 8443.
     */
    public static int defaultPort(Transport t) {
      return switch (t) {
        case UDP, TCP -> 5060;
        case TLS -> 5061;
        case WS -> 8080;
        case WSS -> 8443;
      };
    }

    public Listener withAddress(InetAddress v) {
      return new Listener(transport, v, port, clientAuth, wsPath);
    }

    public Listener withPort(int v) {
      return new Listener(transport, address, v, clientAuth, wsPath);
    }

    public Listener withClientAuth(ClientAuth v) {
      return new Listener(transport, address, port, v, wsPath);
    }

    ListenerConfig toListenerConfig(TlsServerConfig tls) {
      InetSocketAddress at = new InetSocketAddress(address, port);
      if (!transport.secure()) {
        return new ListenerConfig(transport, at, null, wsPath);
      }
      Objects.requireNonNull(tls, () -> transport + " listener on " + at + " needs TLS settings");
      return new ListenerConfig(transport, at, tls.withClientAuth(clientAuth), wsPath);
    }
  }

  /** Transport limits; see {@link TransportConfig} for what happens when each is reached. */
  public record Limits(
      int maxConnections,
      int maxConnectionsPerAddress,
      Duration idleTimeout,
      Duration handshakeTimeout,
      Duration udpFlowIdle,
      int maxUdpFlows,
      int maxMessageBytes) {

    public static final Limits DEFAULTS = from(TransportConfig.DEFAULTS);

    static Limits from(TransportConfig c) {
      return new Limits(
          c.maxConnections(),
          c.maxConnectionsPerAddress(),
          c.idleTimeout(),
          c.handshakeTimeout(),
          c.udpFlowIdle(),
          c.maxUdpFlows(),
          c.parserLimits().maxMessageBytes());
    }

    TransportConfig.Builder applyTo(TransportConfig.Builder b) {
      ParserLimits parser = TransportConfig.DEFAULTS.parserLimits();
      return b.maxConnections(maxConnections)
          .maxConnectionsPerAddress(maxConnectionsPerAddress)
          .idleTimeout(idleTimeout)
          .handshakeTimeout(handshakeTimeout)
          .udpFlowIdle(udpFlowIdle)
          .maxUdpFlows(maxUdpFlows)
          .parserLimits(parser.withMaxMessageBytes(maxMessageBytes));
    }
  }

  /** RFC 3261 §17 timers and the table size; see {@link TransactionConfig}. */
  public record Transactions(Duration t1, Duration t2, Duration t4, int maxTransactions) {
    public static final Transactions DEFAULTS =
        new Transactions(
            TransactionConfig.DEFAULTS.t1(),
            TransactionConfig.DEFAULTS.t2(),
            TransactionConfig.DEFAULTS.t4(),
            TransactionConfig.DEFAULTS.maxTransactions());

    /** The final-response timeout is not configurable: it follows T1 (64×T1) as the RFC's. */
    TransactionConfig toConfig() {
      return new TransactionConfig(t1, t2, t4).withMaxTransactions(maxTransactions);
    }
  }

  /** Registration lifetimes; see {@link RegistrarConfig}. */
  public record Registrar(Duration defaultExpires, Duration minExpires, Duration maxExpires) {
    public static final Registrar DEFAULTS =
        new Registrar(
            RegistrarConfig.DEFAULTS.defaultExpires(),
            RegistrarConfig.DEFAULTS.minExpires(),
            RegistrarConfig.DEFAULTS.maxExpires());

    RegistrarConfig toConfig() {
      return new RegistrarConfig(defaultExpires, minExpires, maxExpires);
    }
  }

  /**
   * Digest authentication; see {@link AuthConfig}. Its other settings (opaque, digest-uri check,
   * tracking table sizes) keep their defaults.
   */
  public record Auth(
      List<DigestAlgorithm> algorithms,
      Duration nonceLifetime,
      int maxFailures,
      Duration failureWindow,
      Duration blockDuration) {
    public static final Auth DEFAULTS =
        new Auth(
            AuthConfig.DEFAULTS.algorithms(),
            AuthConfig.DEFAULTS.nonceLifetime(),
            AuthConfig.DEFAULTS.maxFailures(),
            AuthConfig.DEFAULTS.failureWindow(),
            AuthConfig.DEFAULTS.blockDuration());

    public Auth {
      algorithms = List.copyOf(algorithms);
    }

    AuthConfig toConfig() {
      return AuthConfig.DEFAULTS
          .withAlgorithms(algorithms)
          .withNonceLifetime(nonceLifetime)
          .withThrottle(maxFailures, failureWindow, blockDuration);
    }
  }

  /**
   * TLS engine, debugging, and what peers' certificates are verified against.
   *
   * @param keyLogFile where to append TLS secrets for Wireshark (NSS key-log format), or null
   * @param engine OpenSSL, the JDK's, or OpenSSL when it loads
   * @param trustAnchors PEM files of the CA certificates that the certificates of servers we
   *     connect to and of clients (phones, trunks) are verified against; empty means the
   *     development CA, {@link #DEVELOPMENT_CA} in the data folder, when it exists
   */
  public record Tls(Path keyLogFile, TlsEngine engine, List<Path> trustAnchors) {
    public static final Tls DEFAULTS =
        new Tls(
            TransportConfig.DEFAULTS.keyLogFile(), TransportConfig.DEFAULTS.tlsEngine(), List.of());

    public Tls {
      Objects.requireNonNull(engine, "engine");
      trustAnchors = List.copyOf(trustAnchors);
    }

    /** Whether the development CA is trusted: no trust anchors are configured. */
    public boolean trustsDevelopmentCa() {
      return trustAnchors.isEmpty();
    }
  }

  /**
   * The proxy (RFC 3261 §16); see {@link ProxyConfig}. Its other settings (the Record-Route host,
   * the route secret) keep their defaults.
   *
   * @param recordRoute whether dialog-creating requests get our Record-Route
   * @param relay whether requests for other domains are forwarded (only for our authenticated
   *     users); when false they are refused with 403
   * @param timerC how long an INVITE branch may go without a provisional response
   */
  public record Proxy(boolean recordRoute, boolean relay, Duration timerC) {
    public static final Proxy DEFAULTS =
        new Proxy(
            ProxyConfig.DEFAULTS.recordRoute(),
            ProxyConfig.DEFAULTS.relay(),
            ProxyConfig.DEFAULTS.timerC());

    public Proxy {
      Objects.requireNonNull(timerC, "timerC");
    }

    ProxyConfig toConfig() {
      return ProxyConfig.DEFAULTS.withRecordRoute(recordRoute).withRelay(relay).withTimerC(timerC);
    }
  }

  /** An address as the file writes it: {@code ::} rather than {@code 0:0:0:0:0:0:0:0}. */
  public static String addressText(InetAddress a) {
    if (a.isAnyLocalAddress()) {
      return a instanceof java.net.Inet6Address ? ANY_ADDRESS : "0.0.0.0";
    }
    return a.getHostAddress();
  }

  private static InetAddress anyAddress() {
    try {
      // A literal: no name lookup happens.
      return InetAddress.getByName(ANY_ADDRESS);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
