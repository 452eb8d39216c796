package io.sipher.cli.bench;

import io.sipher.cli.Passwords;
import io.sipher.cli.config.Durations;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.uri.HostPort;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.PkiException;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.TlsEngine;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sipher bench}: a SIP load generator, TLS first. It drives a registrar or proxy (sipher or
 * any other) with registrations, OPTIONS, calls or idle connections, and sums up what the server
 * held: achieved rate, failures by status, latency percentiles and, given the server's process ids,
 * the work done per server core-second and the memory per connection.
 *
 * <p>Exit status: 0 when failures stayed at or under {@code --max-failures}, 1 above it, 2 when the
 * run could not start (bad options, no connection, the callee could not register).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Load a SIP server: register, options, call or connect, over udp, tcp or tls.",
      "",
      "Examples:",
      "  sipher bench register 127.0.0.1:5061 --domain example.test --users 1000-1999 \\",
      "      --password-file pw --ca ca.crt --rate 3000 --duration 20s",
      "  sipher bench call 127.0.0.1:5061 --domain example.test --users 1000-1099 \\",
      "      --callee 2000 --password-file pw --ca ca.crt --connections 100",
      "  sipher bench connect 127.0.0.1:5061 --domain example.test --ca ca.crt \\",
      "      --connections 10000 --source 127.0.1.1-127.0.1.4 --server-pid 4242",
      ""
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SCENARIO",
      description =
          "register (REGISTER, 401, REGISTER with digest, 200), options, call (INVITE, 180, 200,"
              + " ACK, BYE, 200 through the proxy to a callee run here) or connect (open"
              + " connections and hold them idle).")
  String scenario;

  @Parameters(
      index = "1",
      paramLabel = "TARGET",
      description = "The server: HOST or HOST:PORT (default port 5061 for tls, else 5060).")
  String target;

  @Option(
      names = {"-t", "--transport"},
      description = "udp, tcp or tls (default: ${DEFAULT-VALUE}).",
      defaultValue = "tls")
  String transport;

  @Option(
      names = "--domain",
      description =
          "The SIP domain (and digest realm) of the users; a TLS server must prove it (RFC 5922)."
              + " Default: TARGET's host.")
  String domain;

  @Option(
      names = "--users",
      description =
          "The phones' user names: FIRST-LAST (numbers), or names separated by commas (default:"
              + " ${DEFAULT-VALUE}).",
      defaultValue = "1000-1999")
  String users;

  @Option(
      names = "--password-file",
      description = "The users' password, from the first line of this file.")
  Path passwordFile;

  @Option(
      names = "--password-env",
      paramLabel = "VARIABLE",
      description = "The users' password, from this environment variable.")
  String passwordEnv;

  @Option(
      names = {"-c", "--connections"},
      description =
          "Connections the phones share (tcp, tls): 1 multiplexes every phone, as many as users"
              + " gives each phone its own (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int connections;

  @Option(
      names = "--reconnect",
      description = "A new connection (full handshake) for every attempt, closed after it.")
  boolean reconnect;

  @Option(
      names = {"-r", "--rate"},
      description =
          "Attempts started per second; 0: as fast as it goes (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  double rate;

  @Option(
      names = {"-d", "--duration"},
      description = "The measured period (default: ${DEFAULT-VALUE}).",
      defaultValue = "20s")
  String duration;

  @Option(
      names = "--warmup",
      description =
          "Load before measuring, not counted: lets the JIT compilers of a Java server (and this"
              + " generator) finish (default: ${DEFAULT-VALUE}).",
      defaultValue = "10s")
  String warmup;

  @Option(
      names = "--timeout",
      description = "An attempt taking longer fails as a timeout (default: ${DEFAULT-VALUE}).",
      defaultValue = "5s")
  String timeout;

  @Option(
      names = "--source",
      paramLabel = "ADDRESS[-ADDRESS]",
      description =
          "Local addresses to connect from, in turn (repeatable; a range of IPv4 addresses with"
              + " -): one address has about 28,000 ports toward one server. Default: 127.0.0.1"
              + " for a loopback target, else any.")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--callee",
      description =
          "call: the user called; this generator registers it and answers (default: ${DEFAULT-VALUE}).",
      defaultValue = "2000")
  String callee;

  @Option(
      names = "--callee-listen",
      paramLabel = "HOST:PORT",
      description =
          "call: the callee listens here and registers it as its Contact (the proxy connects to"
              + " it). Default: tcp and tls register as RFC 5626 outbound clients and are called"
              + " over that connection; udp listens on a free port.")
  String calleeListen;

  @Option(names = "--callee-cert", description = "call over tls with --callee-listen: PEM chain.")
  Path calleeCert;

  @Option(names = "--callee-key", description = "call over tls with --callee-listen: PEM key.")
  Path calleeKey;

  @Option(
      names = "--hold",
      description = "call: time between ACK and BYE (default: ${DEFAULT-VALUE}).",
      defaultValue = "0s")
  String hold;

  @Option(
      names = "--expires",
      description = "register: the Expires asked for, in seconds (default: ${DEFAULT-VALUE}).",
      defaultValue = "600")
  int expires;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description = "PEM certificates the server is verified against (default: the JDK's CAs).")
  List<Path> ca = new ArrayList<>();

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description =
          "The server's process (repeatable; children count too): its CPU per result and its"
              + " memory are reported.")
  List<Long> serverPids = new ArrayList<>();

  @Option(
      names = "--threads",
      description = "Network threads of this generator (default: one per core).",
      defaultValue = "0")
  int threads;

  @Option(
      names = "--tls-engine",
      description = "auto, openssl or jdk (default: ${DEFAULT-VALUE}).",
      defaultValue = "auto")
  String tlsEngine;

  @Option(
      names = "--max-failures",
      paramLabel = "PERCENT",
      description = "Exit 1 when more attempts failed than this (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  double maxFailures;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress line.")
  boolean quiet;

  @Override
  public Integer call() {
    quietLogging();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadPlan plan;
    try {
      plan = plan();
    } catch (BenchException | PkiException | IllegalArgumentException e) {
      err.println("sipher bench: error: " + e.getMessage());
      return 2;
    }
    TransportConfig transportConfig =
        TransportConfig.DEFAULTS.toBuilder()
            .trust(() -> plan.trust())
            .maxConnections(1_000_000)
            .maxConnectionsPerAddress(1_000_000)
            .idleTimeout(Duration.ofHours(1))
            .handshakeTimeout(plan.timeout().plusSeconds(5))
            .eventLoopThreads(threads)
            .tlsEngine(TlsEngine.valueOf(tlsEngine.toUpperCase(Locale.ROOT)))
            // Each simulated phone's request leaves when it is made, as a phone's would, not
            // batched with the others' on a shared connection.
            .consolidateFlushes(false)
            .build();
    Progress progress = new Progress(err, System.console() != null, quiet);
    try (LoadGenerator generator = new LoadGenerator(plan, transportConfig, progress)) {
      LoadSummary summary = generator.run();
      summary.print(out);
      out.flush();
      return summary.failurePercent() > maxFailures ? 1 : 0;
    } catch (BenchException e) {
      progress.end();
      err.println("sipher bench: error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      progress.end();
      err.println("sipher bench: error: " + e);
      return 2;
    }
  }

  /** The stack's information messages (listening, connecting) are noise in a load run. */
  private static void quietLogging() {
    if (org.slf4j.LoggerFactory.getLogger("io.sipher")
        instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private LoadPlan plan() {
    LoadPlan.Scenario s = parseScenario(scenario);
    Transport t = parseTransport(transport);
    InetSocketAddress server = hostPort(target, t == Transport.TLS ? 5061 : 5060, "TARGET");
    String sipDomain =
        domain != null
            ? domain.toLowerCase(Locale.ROOT)
            : HostPort.parse(target).host().toLowerCase(Locale.ROOT);
    List<String> names = parseUsers(users);
    if (connections < 1) {
      throw new BenchException("--connections must be at least 1");
    }
    if (s != LoadPlan.Scenario.CONNECT && connections > names.size()) {
      throw new BenchException(
          "--connections " + connections + " is more than the " + names.size() + " phones");
    }
    if (rate < 0) {
      throw new BenchException("--rate must be 0 (as fast as it goes) or more");
    }
    if (reconnect && t == Transport.UDP) {
      throw new BenchException("--reconnect needs tcp or tls");
    }
    String password = s == LoadPlan.Scenario.CONNECT ? "" : password(s);
    List<InetAddress> from = parseSources(server.getAddress());
    InetSocketAddress listen = null;
    KeyMaterial calleeMaterial = null;
    if (calleeListen != null) {
      listen = hostPort(calleeListen, -1, "--callee-listen");
    } else if (s == LoadPlan.Scenario.CALL && t == Transport.UDP) {
      listen = new InetSocketAddress(from.get(0), 0);
    }
    if (s == LoadPlan.Scenario.CALL && listen != null && t == Transport.TLS) {
      if (calleeCert == null || calleeKey == null) {
        throw new BenchException("--callee-listen over tls needs --callee-cert and --callee-key");
      }
      calleeMaterial = KeyMaterial.fromPem(calleeCert, calleeKey, null);
    }
    return new LoadPlan(
        s,
        new Destination(t, server, t.secure() ? sipDomain : null),
        sipDomain,
        names,
        password,
        connections,
        reconnect,
        rate,
        duration("--warmup", warmup),
        duration("--duration", duration),
        duration("--timeout", timeout),
        from,
        callee,
        listen,
        calleeMaterial,
        duration("--hold", hold),
        expires,
        trust(),
        List.copyOf(serverPids));
  }

  private String password(LoadPlan.Scenario s) {
    if (passwordFile != null) {
      char[] pw = Passwords.fromFile(passwordFile);
      String text = new String(pw);
      Arrays.fill(pw, '\0');
      return text;
    }
    if (passwordEnv != null) {
      String v = System.getenv(passwordEnv);
      if (v == null || v.isEmpty()) {
        throw new BenchException("the environment variable " + passwordEnv + " is not set");
      }
      return v;
    }
    if (s == LoadPlan.Scenario.OPTIONS) {
      return ""; // OPTIONS is often answered unchallenged; a challenge then fails as 401/407
    }
    throw new BenchException("give the users' password with --password-file or --password-env");
  }

  private CertificateVerifier trust() {
    try {
      return io.sipher.cli.TrustAnchors.verifier(ca);
    } catch (java.security.GeneralSecurityException e) {
      throw new BenchException("cannot read the JDK's CA certificates: " + e.getMessage());
    }
  }

  private static LoadPlan.Scenario parseScenario(String text) {
    try {
      return LoadPlan.Scenario.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BenchException(
          "unknown scenario '" + text + "': use register, options, call or connect");
    }
  }

  private static Transport parseTransport(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "udp" -> Transport.UDP;
      case "tcp" -> Transport.TCP;
      case "tls" -> Transport.TLS;
      default -> throw new BenchException("unknown transport '" + text + "': use udp, tcp or tls");
    };
  }

  /** FIRST-LAST as numbers, else a comma-separated list of names. */
  static List<String> parseUsers(String text) {
    List<String> out = new ArrayList<>();
    if (text.matches("[0-9]{1,9}-[0-9]{1,9}")) {
      String[] ends = text.split("-");
      long first = Long.parseLong(ends[0]);
      long last = Long.parseLong(ends[1]);
      if (last < first || last - first >= 1_000_000) {
        throw new BenchException("--users " + text + ": a range FIRST-LAST of at most 1,000,000");
      }
      for (long u = first; u <= last; u++) {
        out.add(Long.toString(u));
      }
      return out;
    }
    for (String name : text.split(",")) {
      String n = name.trim();
      if (!n.matches("[A-Za-z0-9._~+\\-!$&'()*=]+")) {
        throw new BenchException("--users: '" + n + "' is not a user name");
      }
      out.add(n);
    }
    return out;
  }

  private List<InetAddress> parseSources(InetAddress serverAddress) {
    List<InetAddress> out = new ArrayList<>();
    for (String s : sources) {
      out.addAll(addressRange(s));
    }
    if (out.isEmpty()) {
      try {
        out.add(
            serverAddress.isLoopbackAddress()
                ? serverAddress
                : InetAddress.getByName(
                    serverAddress instanceof java.net.Inet6Address ? "::" : "0.0.0.0"));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** An address, or an IPv4 range A-B (at most 256 addresses). */
  static List<InetAddress> addressRange(String text) {
    try {
      int dash = text.indexOf('-');
      if (dash < 0) {
        return List.of(InetAddress.getByName(text));
      }
      InetAddress a = InetAddress.getByName(text.substring(0, dash));
      InetAddress b = InetAddress.getByName(text.substring(dash + 1));
      long first = ipv4(a);
      long last = ipv4(b);
      if (first < 0 || last < first || last - first > 255) {
        throw new BenchException("--source " + text + ": an IPv4 range of at most 256 addresses");
      }
      List<InetAddress> out = new ArrayList<>();
      for (long v = first; v <= last; v++) {
        out.add(
            InetAddress.getByAddress(
                new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v}));
      }
      return out;
    } catch (UnknownHostException e) {
      throw new BenchException("--source " + text + ": not an address");
    }
  }

  private static long ipv4(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length != 4) {
      return -1;
    }
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }

  private static InetSocketAddress hostPort(String text, int defaultPort, String what) {
    HostPort hp;
    try {
      hp = HostPort.parse(text);
    } catch (SipParseException e) {
      throw new BenchException(what + " " + text + ": " + e.getMessage());
    }
    int port = hp.port() >= 0 ? hp.port() : defaultPort;
    if (port < 0) {
      throw new BenchException(what + " " + text + ": give HOST:PORT");
    }
    String host = hp.host().replaceAll("[\\[\\]]", "");
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new BenchException(what + " " + text + ": cannot resolve " + host);
    }
  }

  private static Duration duration(String option, String text) {
    return Durations.parse(text)
        .orElseThrow(
            () ->
                new BenchException(
                    option + " " + text + ": give a number and a unit (500ms, 20s, 2m)"));
  }
}
