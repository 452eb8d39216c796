package io.sipher.cli.config;

import io.sipher.cli.config.ServerSettings.Auth;
import io.sipher.cli.config.ServerSettings.Limits;
import io.sipher.cli.config.ServerSettings.Listener;
import io.sipher.cli.config.ServerSettings.Proxy;
import io.sipher.cli.config.ServerSettings.Registrar;
import io.sipher.cli.config.ServerSettings.Transactions;
import io.sipher.message.auth.DigestAlgorithm;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * The text of {@code sipher config example}: a configuration file with every key, set to its
 * default, each explained. The values are written from {@link ServerSettings#defaults}, not typed
 * in, so the example cannot disagree with what a missing key means; a test loads it back.
 */
public final class ExampleConfig {
  private final StringBuilder b = new StringBuilder();

  private ExampleConfig() {}

  /** The example for a server of {@code domain}. */
  public static String render(String domain) {
    ExampleConfig e = new ExampleConfig();
    e.write(ServerSettings.defaults(domain));
    return e.b.toString();
  }

  private void write(ServerSettings d) {
    comment("sipher configuration file. Run: sipher serve --config FILE");
    comment("Check it with: sipher config check FILE");
    comment("");
    comment("Every key below is set to its default: leave out any key (or a whole section) to");
    comment("get the default. Unknown keys are errors, so a misspelt key cannot go unnoticed.");
    comment("Durations are a whole number and a unit: 500ms, 30s, 10m, 1h, 1d.");
    comment("Relative paths are taken from the directory sipher runs in.");
    comment("Options given on the command line (--data, --domain, --bind, --udp-port, ...)");
    comment("override the values here.");
    blank();

    comment("The data folder: the user and registration store (sipher.db), the development CA");
    comment("and server certificate made on first start, and the digest nonce secret.");
    entry(0, "data", quote(d.data().toString()));
    blank();

    comment("The SIP domains served; also the digest realms. At least one is needed. The first");
    comment("is the primary: the development certificate is issued for its name.");
    line(0, "domains:");
    line(2, "- name: " + d.primaryDomain().name());
    comment(4, "tls-only (default): requests over udp, tcp or ws are refused.");
    comment(4, "best-effort: plain transports are accepted for sip: requests.");
    comment(4, "off: no TLS requirement. Under every policy sips: needs TLS on every hop.");
    entry(4, "tls-policy", ConfigLoader.name(d.primaryDomain().tlsPolicy()));
    comment(4, "The PEM certificate chain and private key presented for this name. Empty: the");
    comment(
        4,
        "development certificate, "
            + d.data().resolve(ServerSettings.DEVELOPMENT_CERTIFICATE)
            + " and "
            + d.data().resolve(ServerSettings.DEVELOPMENT_KEY)
            + ".");
    comment(4, "Give both or neither.");
    entry(4, "certificate", "");
    entry(4, "key", "");
    blank();

    comment("The listening sockets. transport is udp, tcp, tls, ws or wss. address is an IP");
    comment("address (default \"::\": every IPv6 and IPv4 address). port defaults to 5060 for");
    comment("udp and tcp, 5061 for tls, 8080 for ws, 8443 for wss; 0 picks a free port.");
    comment("client-auth (tls and wss only): none (default), optional or required: whether");
    comment("peers are asked for a certificate (required suits trunks with mutual TLS).");
    comment("ws-path (ws and wss only): the HTTP path clients upgrade on, default /.");
    comment("Leaving out the listeners key gives these five; otherwise list each one wanted.");
    line(0, "listeners:");
    for (Listener l : d.listeners()) {
      line(2, "- transport: " + l.transport().uriParameter());
      entry(4, "address", quote(ServerSettings.addressText(l.address())));
      entry(4, "port", Integer.toString(l.port()));
      if (l.transport().secure()) {
        entry(4, "client-auth", ConfigLoader.name(l.clientAuth()));
      }
      if (l.transport().uriParameter().startsWith("ws")) {
        entry(4, "ws-path", l.wsPath());
      }
    }
    blank();

    Limits l = d.limits();
    comment("Transport limits: what one peer, or all of them together, can make the server hold.");
    line(0, "limits:");
    comment(2, "Open connections (tcp, tls, ws, wss); more are closed at once.");
    entry(2, "max-connections", Integer.toString(l.maxConnections()));
    comment(2, "The same, counted per remote IP address.");
    entry(2, "max-connections-per-address", Integer.toString(l.maxConnectionsPerAddress()));
    comment(2, "A connection with no traffic either way for this long is closed; the");
    comment(2, "registrations made over it stop being used (CRLF keep-alives count as traffic).");
    entry(2, "idle-timeout", dur(l.idleTimeout()));
    comment(2, "An unfinished TLS handshake or WebSocket upgrade is closed after this.");
    entry(2, "handshake-timeout", dur(l.handshakeTimeout()));
    comment(2, "A UDP source not heard from for this long is forgotten.");
    entry(2, "udp-flow-idle", dur(l.udpFlowIdle()));
    comment(2, "UDP sources remembered per socket; messages from more are still handled.");
    entry(2, "max-udp-flows", Integer.toString(l.maxUdpFlows()));
    comment(2, "The largest SIP message accepted, in bytes (256 to 16777216); larger ones get");
    comment(2, "513 Message Too Large.");
    entry(2, "max-message-bytes", Integer.toString(l.maxMessageBytes()));
    blank();

    Transactions t = d.transactions();
    comment("RFC 3261 section 17 transaction timers. Change them only for links with unusual");
    comment("round-trip times: every retransmission interval and timeout follows from them.");
    line(0, "transactions:");
    comment(2, "Round-trip estimate: the first retransmission interval; 64 x t1 is the");
    comment(2, "transaction timeout.");
    entry(2, "t1", dur(t.t1()));
    comment(2, "The longest retransmission interval; not shorter than t1.");
    entry(2, "t2", dur(t.t2()));
    comment(2, "How long a message may linger in the network.");
    entry(2, "t4", dur(t.t4()));
    comment(2, "Live transactions held at once; further requests get 503 with Retry-After.");
    entry(2, "max-transactions", Integer.toString(t.maxTransactions()));
    blank();

    Registrar r = d.registrar();
    comment("Registration lifetimes, in whole seconds or more.");
    line(0, "registrar:");
    comment(2, "Used when a REGISTER asks for no expiry; between min-expires and max-expires.");
    entry(2, "default-expires", dur(r.defaultExpires()));
    comment(2, "Shorter requests get 423 Interval Too Brief.");
    entry(2, "min-expires", dur(r.minExpires()));
    comment(2, "Longer requests are shortened to this.");
    entry(2, "max-expires", dur(r.maxExpires()));
    blank();

    Auth a = d.auth();
    comment("Digest authentication (RFC 7616, RFC 8760).");
    line(0, "auth:");
    comment(2, "Offered in this order, one challenge each; phones take the first they know, so");
    comment(2, "MD5 (for old phones) belongs last. Known: SHA-256, SHA-512-256, MD5.");
    entry(
        2,
        "algorithms",
        a.algorithms().stream()
            .map(DigestAlgorithm::token)
            .collect(Collectors.joining(", ", "[", "]")));
    comment(2, "How long a nonce is accepted; older ones get a fresh challenge (stale=true).");
    entry(2, "nonce-lifetime", dur(a.nonceLifetime()));
    comment(2, "This many failed authentications from one address within failure-window block");
    comment(2, "it (every request answered 403) for block-duration.");
    entry(2, "max-failures", Integer.toString(a.maxFailures()));
    entry(2, "failure-window", dur(a.failureWindow()));
    entry(2, "block-duration", dur(a.blockDuration()));
    blank();

    comment("IP addresses whose requests are not challenged (a trunk, a media server), e.g.");
    comment("[192.0.2.10, \"2001:db8::10\"]. Default: none.");
    entry(0, "trusted-peers", "[]");
    blank();

    comment("The TLS implementation, a key log for debugging, and the CAs that peers are");
    comment("verified against.");
    line(0, "tls:");
    comment(
        2, "auto (default): OpenSSL when it loads here, else the JDK's engine; openssl: OpenSSL");
    comment(2, "or fail to start; jdk: the JDK's engine.");
    entry(2, "engine", ConfigLoader.name(d.tls().engine()));
    comment(2, "Append TLS secrets to this file (NSS key-log format) so Wireshark can decrypt");
    comment(2, "captures. Anyone who reads the file can decrypt the traffic. Needs OpenSSL.");
    comment(2, "Empty (default): off.");
    entry(
        2,
        "key-log-file",
        d.tls().keyLogFile() == null ? "" : quote(d.tls().keyLogFile().toString()));
    comment(2, "PEM files of CA certificates: the certificates of servers sipher connects to, and");
    comment(2, "of phones and trunks presenting client certificates, must chain to one of them,");
    comment(2, "e.g. [/etc/sipher/ca.crt, /etc/ssl/certs/ISRG_Root_X1.pem]. Empty (default): the");
    comment(
        2,
        "development CA, "
            + d.data().resolve(ServerSettings.DEVELOPMENT_CA)
            + ", when it exists. Once any file is");
    comment(2, "listed, the development CA is trusted only if it is listed too.");
    entry(
        2,
        "trust-anchors",
        d.tls().trustAnchors().stream()
            .map(f -> quote(f.toString()))
            .collect(Collectors.joining(", ", "[", "]")));
    blank();

    Proxy p = d.proxy();
    comment("The proxy (RFC 3261 section 16) that forwards requests to and from our users.");
    line(0, "proxy:");
    comment(2, "Add Record-Route to dialog-creating requests so that later requests of the dialog");
    comment(2, "come back through sipher and over the phones' own connections. false: they go");
    comment(2, "straight between the phones, which phones behind NAT usually cannot accept.");
    entry(2, "record-route", Boolean.toString(p.recordRoute()));
    comment(2, "Forward requests for domains that are not ours. Even when true only requests");
    comment(2, "from our authenticated users are relayed; when false (default) all are refused");
    comment(2, "with 403.");
    entry(2, "relay", Boolean.toString(p.relay()));
    comment(2, "Timer C: an INVITE branch with no provisional response for this long is");
    comment(2, "cancelled. Longer than 3m (RFC 3261 section 16.6, step 11).");
    entry(2, "timer-c", dur(p.timerC()));
  }

  private static String dur(Duration d) {
    return Durations.format(d);
  }

  /** Double-quoted YAML: for addresses ("::" is not a plain scalar) and paths. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private void entry(int indent, String key, String value) {
    line(indent, value.isEmpty() ? key + ":" : key + ": " + value);
  }

  private void comment(String text) {
    comment(0, text);
  }

  private void comment(int indent, String text) {
    line(indent, text.isEmpty() ? "#" : "# " + text);
  }

  private void line(int indent, String text) {
    b.append(" ".repeat(indent)).append(text).append('\n');
  }

  private void blank() {
    b.append('\n');
  }
}
