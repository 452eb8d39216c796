package io.sipher.cli;

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
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import io.sipher.stack.transport.TransportLayer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sipher serve}: the SIP server on its embedded defaults: UDP and TCP 5060, TLS 5061, WS
 * 8080, WSS 8443; a development CA and server certificate in {@code ./sipher-data} on first start;
 * users and bindings in a SQLite file there. It runs until interrupted (SIGTERM stores everything
 * first).
 *
 * <p>Partial: the registrar and digest authentication run, the proxy core does not exist yet, so
 * calls and other proxied requests are answered with 501 (see {@link ServerCore}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the SIP server (registrar with digest authentication) on UDP, TCP, TLS, WS and WSS.",
      "Partial in this version: the proxy is not built yet; calls get 501."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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
    if (domain == null) {
      domain = ServerData.defaultDomain();
    }
    TlsPolicy policy;
    try {
      policy = TlsPolicy.parse(tlsPolicy);
    } catch (IllegalArgumentException e) {
      err.println("sipher serve: --tls-policy: " + e.getMessage());
      return 2;
    }
    ClientAuth auth;
    InetAddress address;
    try {
      auth = ClientAuth.valueOf(clientAuth.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      err.println("sipher serve: --client-auth must be none, optional or required");
      return 2;
    }
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      err.println("sipher serve: --bind " + bind + " is not an address");
      return 2;
    }
    for (int port : List.of(udpPort, tcpPort, tlsPort, wsPort, wssPort)) {
      if (port < -1 || port > 65535) {
        err.println("sipher serve: ports are 0-65535 (0 picks a free one) or -1 to disable");
        return 2;
      }
    }

    Path tls = data.resolve("tls");
    Path caDir;
    FileWatcher<KeyMaterial> serverKeys;
    CertificateVerifier trust;
    try {
      List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
      if (!address.isAnyLocalAddress() && !address.isLoopbackAddress()) {
        ips.add(address.getHostAddress());
      }
      caDir = DevelopmentCertificates.ensure(data, domain, ips, out);
      serverKeys =
          FileWatcher.keyMaterial(
                  tls.resolve(DevelopmentCertificates.CERT),
                  tls.resolve(DevelopmentCertificates.KEY),
                  null,
                  Duration.ofSeconds(10))
              .start();
      // Peers and phones presenting certificates are verified against the development CA's
      // certificate; a configurable trust store comes with the server's configuration file.
      trust =
          new CertificateVerifier(
              Pem.readCertificates(caDir.resolve(CertificateAuthority.CERT_FILE)),
              List.of(),
              Clock.systemUTC());
    } catch (PkiException e) {
      err.println("sipher serve: " + e.getMessage());
      return 1;
    }
    TlsServerConfig tlsConfig = new TlsServerConfig(serverKeys::current, Map.of(), auth);

    List<ListenerConfig> listeners = new ArrayList<>();
    addPlain(listeners, Transport.UDP, address, udpPort);
    addPlain(listeners, Transport.TCP, address, tcpPort);
    addSecure(listeners, Transport.TLS, address, tlsPort, tlsConfig);
    addPlain(listeners, Transport.WS, address, wsPort);
    addSecure(listeners, Transport.WSS, address, wssPort, tlsConfig);

    TransportConfig config = TransportConfig.DEFAULTS.withTrust(() -> trust);
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
      state = ServerState.open(data, domain, policy, out);
    } catch (StoreException | PkiException e) {
      serverKeys.close();
      err.println("sipher serve: " + e.getMessage());
      return 1;
    }
    try (state;
        SipStack stack =
            SipStack.start(config, listeners, TransactionConfig.DEFAULTS, state.core())) {
      stack.transport().onFlowClosed(f -> state.location().flowDied(f.token()));
      state.startSweeping();
      running = stack.transport();
      Runtime.getRuntime().addShutdownHook(hook);
      for (TransportLayer.Listener l : stack.transport().listeners()) {
        out.println("  " + l.transport() + "\t" + format(l.address()));
      }
      out.println(
          "sipher serve: running for "
              + domain
              + " (TLS engine "
              + stack.transport().tlsImplementation()
              + ", "
              + (stack.transport().nativeTransport() ? "epoll" : "NIO")
              + "). Registrar and digest authentication run; the proxy is not built yet: calls"
              + " and other requests get 501.");
      out.println("  users: ./sipher user add NAME --domain " + domain);
      out.flush();
      stop.await();
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

  private static void addPlain(List<ListenerConfig> to, Transport t, InetAddress a, int port) {
    if (port >= 0) {
      to.add(ListenerConfig.plain(t, new InetSocketAddress(a, port)));
    }
  }

  private static void addSecure(
      List<ListenerConfig> to, Transport t, InetAddress a, int port, TlsServerConfig tls) {
    if (port >= 0) {
      to.add(ListenerConfig.secure(t, new InetSocketAddress(a, port), tls));
    }
  }

  private static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
