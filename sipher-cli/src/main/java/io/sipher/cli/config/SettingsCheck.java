package io.sipher.cli.config;

import io.sipher.cli.config.ServerSettings.Domain;
import io.sipher.cli.config.ServerSettings.Listener;
import io.sipher.server.TlsPolicy;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The checks on values and across keys that a YAML parser cannot make: ranges, orderings, files
 * that must exist, listeners that would fight over a port. They run on the finished settings, after
 * the file is read and again after the command line is laid over it, so the command line cannot
 * slip past them. Each problem is reported against the key the user would edit.
 */
public final class SettingsCheck {
  /** Host names (RFC 1123 labels) or IPv4 literals; IPv6 domains are not worth the trouble. */
  private static final Pattern DOMAIN =
      Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  /** RFC 3261 §16.6 step 11: Timer C must be larger than 3 minutes. */
  static final Duration MIN_TIMER_C = Duration.ofMinutes(3);

  /** Below this a SIP request with its mandatory headers does not fit (ParserLimits' floor). */
  static final int MIN_MESSAGE_BYTES = 256;

  /** A bound on what one message may make us buffer. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final String source;
  private final ToIntFunction<String> lineOf;

  private SettingsCheck(String source, ToIntFunction<String> lineOf) {
    this.source = source;
    this.lineOf = lineOf;
  }

  /**
   * Throws a {@link ConfigException} for the first problem found.
   *
   * @param source the file's name, for messages
   * @param lineOf the line a key path was written on, or 0 (defaults, command line)
   */
  public static void check(ServerSettings s, String source, ToIntFunction<String> lineOf) {
    SettingsCheck c = new SettingsCheck(source, lineOf);
    c.domains(s);
    c.listeners(s);
    c.policiesNeedTls(s);
    c.limits(s.limits());
    c.transactions(s.transactions());
    c.registrar(s.registrar());
    c.auth(s.auth());
    c.tls(s.tls());
    c.proxy(s.proxy());
    c.buildsStackRecords(s);
  }

  private ConfigException fail(String key, String problem) {
    return new ConfigException(source, key, lineOf(key), problem);
  }

  /**
   * The line of {@code key}, or when it was left out (its default is the problem), of the nearest
   * enclosing key or list item that was written: that is where the user will add it.
   */
  private int lineOf(String key) {
    for (String k = key; !k.isEmpty(); k = k.replaceFirst("(\\.[^.\\[]*|\\[[0-9]+\\])$", "")) {
      int line = lineOf.applyAsInt(k);
      if (line > 0) {
        return line;
      }
      if (!k.contains(".") && !k.contains("[")) {
        break;
      }
    }
    return 0;
  }

  private void domains(ServerSettings s) {
    if (s.domains().isEmpty()) {
      throw fail("domains", "at least one domain is needed, e.g. domains: [{name: example.com}]");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < s.domains().size(); i++) {
      Domain d = s.domains().get(i);
      String at = "domains[" + i + "]";
      if (!DOMAIN.matcher(d.name()).matches() || d.name().length() > 253) {
        throw fail(at + ".name", "\"" + d.name() + "\" is not a lower-case host name");
      }
      Integer first = seen.putIfAbsent(d.name(), i);
      if (first != null) {
        throw fail(at + ".name", d.name() + " is listed twice (also domains[" + first + "])");
      }
      // The development certificate counts as a certificate; a half-given pair does not.
      if ((d.certificate() == null) != (d.key() == null)) {
        String missing = d.certificate() == null ? "certificate" : "key";
        String given = d.certificate() == null ? "key" : "certificate";
        throw fail(
            at + "." + given,
            "given without "
                + missing
                + "; give both, or neither to use the development certificate");
      }
      if (d.certificate() != null) {
        readable(at + ".certificate", d.certificate());
        readable(at + ".key", d.key());
      }
    }
  }

  private void readable(String key, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw fail(key, file + " does not exist or cannot be read");
    }
  }

  private void listeners(ServerSettings s) {
    List<Listener> ls = s.listeners();
    if (ls.isEmpty()) {
      throw fail("listeners", "at least one listener is needed (or leave the key out)");
    }
    for (int i = 0; i < ls.size(); i++) {
      Listener l = ls.get(i);
      String at = "listeners[" + i + "]";
      if (l.port() < 0 || l.port() > 65535) {
        throw fail(at + ".port", l.port() + " is not a port (0-65535; 0 picks a free one)");
      }
      if (!l.transport().secure() && l.clientAuth() != ClientAuth.NONE) {
        throw fail(at + ".client-auth", "only tls and wss listeners ask for certificates");
      }
      boolean web = l.transport() == Transport.WS || l.transport() == Transport.WSS;
      if (!web && !l.wsPath().equals("/")) {
        throw fail(at + ".ws-path", "only ws and wss listeners have a path");
      }
      if (!l.wsPath().startsWith("/") || l.wsPath().chars().anyMatch(c -> c <= ' ' || c > '~')) {
        throw fail(at + ".ws-path", "\"" + l.wsPath() + "\" is not an HTTP path like /sip");
      }
      for (int j = 0; j < i; j++) {
        if (clash(ls.get(j), l)) {
          throw fail(
              at + ".port",
              l.port()
                  + " on "
                  + ServerSettings.addressText(l.address())
                  + " is already taken by listeners["
                  + j
                  + "] ("
                  + ls.get(j).transport().uriParameter()
                  + ")");
        }
      }
    }
  }

  /**
   * Whether two listeners would bind the same socket. UDP has its own port space; TCP, TLS, WS and
   * WSS all share TCP's. A wildcard address overlaps every address. Port 0 never clashes.
   */
  private static boolean clash(Listener a, Listener b) {
    boolean sameSpace = (a.transport() == Transport.UDP) == (b.transport() == Transport.UDP);
    boolean overlap =
        a.address().equals(b.address())
            || a.address().isAnyLocalAddress()
            || b.address().isAnyLocalAddress();
    return sameSpace && overlap && a.port() == b.port() && a.port() != 0;
  }

  /** A tls-only domain with no TLS listener could never accept a request: surely a mistake. */
  private void policiesNeedTls(ServerSettings s) {
    boolean anyTls = s.listeners().stream().anyMatch(l -> l.transport().secure());
    for (int i = 0; i < s.domains().size(); i++) {
      if (s.domains().get(i).tlsPolicy() == TlsPolicy.TLS_ONLY && !anyTls) {
        throw fail(
            "domains[" + i + "].tls-policy",
            "tls-only needs a tls or wss listener, and none is configured");
      }
    }
  }

  private void limits(ServerSettings.Limits l) {
    positive("limits.max-connections", l.maxConnections());
    positive("limits.max-connections-per-address", l.maxConnectionsPerAddress());
    if (l.maxConnectionsPerAddress() > l.maxConnections()) {
      throw fail(
          "limits.max-connections-per-address",
          l.maxConnectionsPerAddress()
              + " is more than limits.max-connections ("
              + l.maxConnections()
              + ")");
    }
    positive("limits.idle-timeout", l.idleTimeout());
    positive("limits.handshake-timeout", l.handshakeTimeout());
    positive("limits.udp-flow-idle", l.udpFlowIdle());
    positive("limits.max-udp-flows", l.maxUdpFlows());
    if (l.maxMessageBytes() < MIN_MESSAGE_BYTES || l.maxMessageBytes() > MAX_MESSAGE_BYTES) {
      throw fail(
          "limits.max-message-bytes",
          l.maxMessageBytes()
              + " is not between "
              + MIN_MESSAGE_BYTES
              + " and "
              + MAX_MESSAGE_BYTES);
    }
  }

  private void transactions(ServerSettings.Transactions t) {
    positive("transactions.t1", t.t1());
    positive("transactions.t2", t.t2());
    positive("transactions.t4", t.t4());
    positive("transactions.max-transactions", t.maxTransactions());
    // RFC 3261 §17.1.2.2: T2 caps an interval that starts at T1 and doubles.
    if (t.t2().compareTo(t.t1()) < 0) {
      throw fail(
          "transactions.t2",
          Durations.format(t.t2())
              + " is shorter than transactions.t1 ("
              + Durations.format(t.t1())
              + ")");
    }
  }

  private void registrar(ServerSettings.Registrar r) {
    // Expires and Min-Expires are whole seconds on the wire (RFC 3261 §20.19, §20.23).
    wholeSeconds("registrar.default-expires", r.defaultExpires());
    wholeSeconds("registrar.min-expires", r.minExpires());
    wholeSeconds("registrar.max-expires", r.maxExpires());
    positive("registrar.default-expires", r.defaultExpires());
    positive("registrar.max-expires", r.maxExpires());
    if (r.minExpires().compareTo(r.maxExpires()) > 0) {
      throw fail(
          "registrar.min-expires",
          Durations.format(r.minExpires())
              + " is longer than registrar.max-expires ("
              + Durations.format(r.maxExpires())
              + ")");
    }
    if (r.defaultExpires().compareTo(r.minExpires()) < 0
        || r.defaultExpires().compareTo(r.maxExpires()) > 0) {
      throw fail(
          "registrar.default-expires",
          Durations.format(r.defaultExpires())
              + " is outside registrar.min-expires and max-expires ("
              + Durations.format(r.minExpires())
              + " to "
              + Durations.format(r.maxExpires())
              + ")");
    }
  }

  private void auth(ServerSettings.Auth a) {
    if (a.algorithms().isEmpty()) {
      throw fail("auth.algorithms", "at least one algorithm is needed (SHA-256, SHA-512-256, MD5)");
    }
    if (EnumSet.copyOf(a.algorithms()).size() != a.algorithms().size()) {
      throw fail("auth.algorithms", "an algorithm is listed twice");
    }
    positive("auth.nonce-lifetime", a.nonceLifetime());
    positive("auth.max-failures", a.maxFailures());
    positive("auth.failure-window", a.failureWindow());
    positive("auth.block-duration", a.blockDuration());
  }

  private void tls(ServerSettings.Tls t) {
    Map<Path, Integer> seen = new HashMap<>();
    for (int i = 0; i < t.trustAnchors().size(); i++) {
      String at = "tls.trust-anchors[" + i + "]";
      Path file = t.trustAnchors().get(i);
      readable(at, file);
      Integer first = seen.putIfAbsent(file.toAbsolutePath().normalize(), i);
      if (first != null) {
        throw fail(at, file + " is listed twice (also tls.trust-anchors[" + first + "])");
      }
    }
  }

  private void proxy(ServerSettings.Proxy p) {
    if (p.timerC().compareTo(MIN_TIMER_C) <= 0) {
      throw fail(
          "proxy.timer-c",
          Durations.format(p.timerC())
              + " is not longer than "
              + Durations.format(MIN_TIMER_C)
              + " (RFC 3261 §16.6 step 11)");
    }
  }

  /**
   * The records of the stack and server check themselves too. Everything they refuse should have
   * been caught above with a key to point at; this turns anything that slipped through into the
   * same kind of message instead of a stack trace.
   */
  private void buildsStackRecords(ServerSettings s) {
    try {
      s.transportConfig();
      s.transactionConfig();
      s.serverConfig();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source, null, 0, e.getMessage());
    }
  }

  private void positive(String key, int v) {
    if (v < 1) {
      throw fail(key, v + " must be at least 1");
    }
  }

  private void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw fail(key, "must be longer than 0");
    }
  }

  private void wholeSeconds(String key, Duration d) {
    if (d.getNano() != 0) {
      throw fail(key, Durations.format(d) + " is not whole seconds (SIP counts expiry in seconds)");
    }
  }
}
