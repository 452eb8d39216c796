package io.sipher.cli;

import io.netty.util.NetUtil;
import io.sipher.cli.config.CommandLineOverrides;
import io.sipher.cli.config.ConfigException;
import io.sipher.cli.config.ConfigLoader;
import io.sipher.cli.config.ServerSettings;
import io.sipher.pki.CertificateAuthority;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.FileWatcher;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.Pem;
import io.sipher.pki.PkiException;
import io.sipher.server.ServerCore;
import io.sipher.server.TlsPolicy;
import io.sipher.server.store.StoreException;
import io.sipher.stack.SipStack;
import io.sipher.stack.transport.Addresses;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import io.sipher.stack.transport.TransportLayer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code sipher serve}: the SIP server on its embedded defaults: UDP and TCP 5060, TLS 5061, WS
 * 8080, WSS 8443; a development CA and server certificate in {@code ./sipher-data} on first start;
 * users and bindings in a SQLite file there. It runs until interrupted (SIGTERM stores everything
 * first).
 *
 * <p>It runs the registrar, digest authentication and the stateful proxy (see {@link ServerCore});
 * requests for other domains are refused (no relaying by default).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the SIP server (registrar, digest authentication, stateful proxy) on UDP, TCP, TLS,"
          + " WS and WSS."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML configuration file ('sipher config example' writes one).")
  Path config;

  @Option(
      names = "--data",
      description = "Data folder: CA, certificates (default: ${DEFAULT-VALUE}).",
      defaultValue = ServerData.DEFAULT_DIR)
  Path data;

  @Option(
      names = "--domain",
      description =
          "The SIP domain served, and the server certificate's name (default: this host's name).")
  String domain;

  @Option(
      names = "--bind",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, all IPv4 and IPv6).",
      defaultValue = "::")
  String bind;

  @Option(names = "--udp-port", defaultValue = "5060", description = "UDP port; -1 disables.")
  int udpPort;

  @Option(names = "--tcp-port", defaultValue = "5060", description = "TCP port; -1 disables.")
  int tcpPort;

  @Option(names = "--tls-port", defaultValue = "5061", description = "TLS port; -1 disables.")
  int tlsPort;

  @Option(names = "--ws-port", defaultValue = "8080", description = "WS port; -1 disables.")
  int wsPort;

  @Option(names = "--wss-port", defaultValue = "8443", description = "WSS port; -1 disables.")
  int wssPort;

  @Option(
      names = "--tls-policy",
      defaultValue = "tls-only",
      description =
          "tls-only (default): requests over UDP, TCP or WS are refused; best-effort: plain"
              + " transports are accepted for sip: requests; off. sips: always needs TLS.")
  String tlsPolicy;

  @Option(
      names = "--client-auth",
      defaultValue = "none",
      description = "Client certificates on TLS/WSS: none, optional or required.")
  String clientAuth;

  /** Counted down to stop a running server (tests; the shutdown hook). */
  final CountDownLatch stop = new CountDownLatch(1);

  /** Counted down once the server has stopped and stored its state. */
  final CountDownLatch stopped = new CountDownLatch(1);

  /** The running stack's transport, once started (tests read the bound ports). */
  volatile TransportLayer running;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServerSettings settings;
    try {
      settings = settings();
    } catch (ConfigException e) {
      err.println("sipher serve: " + e.getMessage());
      return 2;
    }
    Path data = settings.data();
    ServerSettings.Domain primary = settings.primaryDomain();
    String domain = primary.name();

    FileWatcher<KeyMaterial> serverKeys = null;
    CertificateVerifier trust;
    try {
      Path caDir = data.resolve("ca");
      if (primary.usesDevelopmentCertificate()) {
        List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
        for (ServerSettings.Listener l : settings.listeners()) {
          if (!l.address().isAnyLocalAddress() && !l.address().isLoopbackAddress()) {
            ips.add(l.address().getHostAddress());
          }
        }
        caDir = DevelopmentCertificates.ensure(data, domain, ips.stream().distinct().toList(), out);
      }
      serverKeys =
          FileWatcher.keyMaterial(
                  primary.certificateFile(data),
                  primary.keyFile(data),
                  null,
                  Duration.ofSeconds(10))
              .start();
      trust =
          new CertificateVerifier(
              trustedCertificates(
                  settings.tls().trustAnchors(),
                  caDir.resolve(CertificateAuthority.CERT_FILE),
                  serverKeys.current().chain()),
              List.of(),
              Clock.systemUTC());
    } catch (PkiException e) {
      // A trust anchor that is no certificate fails after the key watcher started.
      if (serverKeys != null) {
        serverKeys.close();
      }
      err.println("sipher serve: " + e.getMessage());
      return 1;
    }
    TlsServerConfig tlsConfig = new TlsServerConfig(serverKeys::current, Map.of(), ClientAuth.NONE);
    List<ListenerConfig> listeners = settings.listenerConfigs(tlsConfig);
    TransportConfig config = settings.transportConfig().withTrust(() -> trust);

    // SIGTERM: the hook asks the main thread to stop and waits for it to have stored everything,
    // since the JVM ends as soon as the hooks return.
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sipher-shutdown");
    ServerState state;
    try {
      state = ServerState.open(data, settings.serverConfig(), out);
    } catch (StoreException | PkiException e) {
      serverKeys.close();
      err.println("sipher serve: " + e.getMessage());
      return 1;
    }
    try (state;
        SipStack stack =
            SipStack.start(config, listeners, settings.transactionConfig(), state.core())) {
      state.core().attach(stack);
      stack.transport().onFlowClosed(f -> state.location().flowDied(f.token()));
      state.startSweeping();
      running = stack.transport();
      Runtime.getRuntime().addShutdownHook(hook);
      for (TransportLayer.Listener l : stack.transport().listeners()) {
        out.println("  " + l.transport() + "\t" + Addresses.format(l.address()));
      }
      out.println(
          "sipher serve: running for "
              + domain
              + " (TLS engine "
              + stack.transport().tlsImplementation()
              + ", "
              + (stack.transport().nativeTransport() ? "epoll" : "NIO")
              + "): registrar, digest authentication and proxy.");
      out.println("  users: ./sipher user add NAME --domain " + domain);
      out.flush();
      stop.await();
      out.println("sipher serve: stopping (in-flight transactions get up to 5 s)");
      out.flush();
      stack.shutdown(Duration.ofSeconds(5));
    } catch (IllegalStateException e) {
      err.println("sipher serve: " + e.getMessage());
      return 1;
    } finally {
      serverKeys.close();
      running = null;
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us
      }
    }
    return 0;
  }

  /**
   * The configuration file (or the embedded defaults), with the options typed on the command line
   * laid over it: only options actually given count, so their defaults never mask the file.
   */
  private ServerSettings settings() {
    ParseResult given = spec.commandLine().getParseResult();
    InetAddress address = null;
    if (given.hasMatchedOption("--bind")) {
      byte[] literal = NetUtil.createByteArrayFromIpAddressString(bind);
      if (literal == null) {
        throw new ConfigException(null, null, 0, "--bind " + bind + " is not an IP address");
      }
      try {
        address = InetAddress.getByAddress(literal);
      } catch (UnknownHostException impossible) {
        throw new ConfigException(null, null, 0, "--bind " + bind + " is not an IP address");
      }
    }
    Map<Transport, Integer> ports = new EnumMap<>(Transport.class);
    putIfGiven(given, ports, "--udp-port", Transport.UDP, udpPort);
    putIfGiven(given, ports, "--tcp-port", Transport.TCP, tcpPort);
    putIfGiven(given, ports, "--tls-port", Transport.TLS, tlsPort);
    putIfGiven(given, ports, "--ws-port", Transport.WS, wsPort);
    putIfGiven(given, ports, "--wss-port", Transport.WSS, wssPort);
    TlsPolicy policy = null;
    if (given.hasMatchedOption("--tls-policy")) {
      try {
        policy = TlsPolicy.parse(tlsPolicy);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(null, null, 0, "--tls-policy: " + e.getMessage());
      }
    }
    ClientAuth auth = null;
    if (given.hasMatchedOption("--client-auth")) {
      try {
        auth = ClientAuth.valueOf(clientAuth.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            null, null, 0, "--client-auth must be none, optional or required");
      }
    }
    ServerSettings base =
        config != null
            ? ConfigLoader.load(config)
            : ServerSettings.defaults(domain != null ? domain : ServerData.defaultDomain());
    return new CommandLineOverrides(
            given.hasMatchedOption("--data") ? data : null, domain, address, ports, policy, auth)
        .applyTo(base);
  }

  /**
   * What the certificates of peers and phones are verified against: every certificate in the {@code
   * tls.trust-anchors} files when any are configured; otherwise the development CA's certificate
   * when it exists, else the top of our own server chain.
   */
  static List<X509Certificate> trustedCertificates(
      List<Path> trustAnchors, Path developmentCa, List<X509Certificate> serverChain) {
    if (!trustAnchors.isEmpty()) {
      List<X509Certificate> out = new ArrayList<>();
      for (Path file : trustAnchors) {
        out.addAll(Pem.readCertificates(file));
      }
      return List.copyOf(out);
    }
    return Files.exists(developmentCa)
        ? Pem.readCertificates(developmentCa)
        : List.of(serverChain.get(serverChain.size() - 1));
  }

  private static void putIfGiven(
      ParseResult given, Map<Transport, Integer> ports, String option, Transport t, int port) {
    if (given.hasMatchedOption(option)) {
      if (port < -1 || port > 65535) {
        throw new ConfigException(
            null, null, 0, option + ": ports are 0-65535 (0 picks a free one) or -1 to disable");
      }
      ports.put(t, port);
    }
  }
}
