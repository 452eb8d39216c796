package io.sipher.cli.ua;

import io.sipher.cli.Passwords;
import io.sipher.message.SipMessage;
import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.SipUri;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.PkiException;
import io.sipher.stack.dns.ServerLocator;
import io.sipher.stack.dns.ServerLocatorConfig;
import io.sipher.stack.transport.Addresses;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.MessageTap;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import io.sipher.ua.UaConfig;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * What every softphone command shares: who we are, which server we use, how we trust it, our
 * password, and {@code --trace}. Turns them into a {@link UaConfig}.
 */
public final class UaOptions {
  @Option(
      names = "--user",
      required = true,
      paramLabel = "NAME",
      description = "The user (the AoR is sips:NAME@DOMAIN, or sip: with --transport tcp|udp).")
  String user;

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URI",
      description =
          "The registrar and proxy: sips:example.com (located by RFC 3263), or HOST:PORT.")
  String server;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      description =
          "The SIP domain: of the AoR, and what the server's certificate must prove (RFC 5922)."
              + " Default: the server's host.")
  String domain;

  @Option(
      names = {"-t", "--transport"},
      paramLabel = "tls|tcp|udp",
      description = "Default: ${DEFAULT-VALUE}.",
      defaultValue = "tls")
  String transport;

  @Option(
      names = "--ca",
      paramLabel = "PEM",
      description = "Trust anchors for the server's certificate (default: the JDK's CAs).")
  List<Path> ca = new ArrayList<>();

  @Option(
      names = "--cert",
      paramLabel = "PEM",
      description = "Our certificate chain, when the server asks for one (mutual TLS).")
  Path cert;

  @Option(names = "--key", paramLabel = "PEM", description = "The private key of --cert.")
  Path key;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "The digest password: the file's first line.")
  Path passwordFile;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "The digest password: this environment variable.")
  String passwordEnv;

  @Option(
      names = "--no-password",
      description = "Send no credentials (a server that trusts us by certificate or address).")
  boolean noPassword;

  @Option(
      names = "--trace",
      description =
          "Print every SIP message sent and received (digest responses and SRTP keys masked).")
  boolean trace;

  Transport transport() {
    try {
      Transport t = Transport.valueOf(transport.toUpperCase(Locale.ROOT));
      if (t != Transport.TLS && t != Transport.TCP && t != Transport.UDP) {
        throw new IllegalArgumentException();
      }
      return t;
    } catch (IllegalArgumentException e) {
      throw new UaCliException("--transport must be tls, tcp or udp, not " + transport);
    }
  }

  /** The server's URI as given, with {@code sips:} (or {@code sip:}) added to a bare HOST:PORT. */
  SipUri serverUri() {
    String s =
        server.contains(":") && (server.startsWith("sip:") || server.startsWith("sips:"))
            ? server
            : (transport() == Transport.TLS ? "sips:" : "sip:") + server;
    try {
      SipUri u = SipUri.parse(s);
      if (transport() != Transport.TLS && !u.isSecure()) {
        u = u.withParameter("transport", transport().name().toLowerCase(Locale.ROOT));
      }
      return u;
    } catch (RuntimeException e) {
      throw new UaCliException("--server " + server + " is not a SIP URI or HOST:PORT");
    }
  }

  String domain() {
    return domain != null ? domain : serverUri().host();
  }

  SipUri aor() {
    boolean secure = transport() == Transport.TLS;
    try {
      return SipUri.of(secure, user, HostPort.parse(domain()));
    } catch (RuntimeException e) {
      throw new UaCliException("--user " + user + " and --domain " + domain() + " make no SIP URI");
    }
  }

  /**
   * Where to send: RFC 3263 for a name without a port, the address as given otherwise. A server
   * given by address is checked against {@code --domain} when given (RFC 5922 names the domain,
   * never the address).
   */
  Destination destination() {
    SipUri u = serverUri();
    Transport t = transport();
    boolean literal = HostPort.kindOf(u.host()) != HostPort.Kind.HOSTNAME || u.port() > 0;
    if (literal) {
      int port = u.port() > 0 ? u.port() : (t == Transport.TLS ? 5061 : 5060);
      try {
        var address =
            new java.net.InetSocketAddress(java.net.InetAddress.getByName(u.host()), port);
        return new Destination(t, address, t.secure() ? domain() : null);
      } catch (java.net.UnknownHostException e) {
        throw new UaCliException("cannot resolve " + u.host());
      }
    }
    ServerLocator locator =
        new ServerLocator(ServerLocatorConfig.defaults(), ForkJoinPool.commonPool());
    try {
      List<Destination> found = locator.locate(u).toCompletableFuture().get(10, TimeUnit.SECONDS);
      return found.stream()
          .filter(d -> d.transport() == t)
          .findFirst()
          .orElseThrow(() -> new UaCliException("no " + t + " server found for " + u));
    } catch (UaCliException e) {
      throw e;
    } catch (Exception e) {
      throw new UaCliException("cannot locate " + u + ": " + e.getMessage());
    }
  }

  /** The password from the file, the environment or the terminal; null with --no-password. */
  String password() {
    if (noPassword) {
      return null;
    }
    char[] pw;
    if (passwordFile != null) {
      pw = Passwords.fromFile(passwordFile);
    } else if (passwordEnv != null) {
      String v = System.getenv(passwordEnv);
      if (v == null || v.isEmpty()) {
        throw new UaCliException("the environment variable " + passwordEnv + " is not set");
      }
      return v;
    } else {
      var console = System.console();
      if (console == null) {
        throw new UaCliException(
            "no terminal to ask for the password: give --password-file or --password-env");
      }
      pw = console.readPassword("password for %s: ", user);
      if (pw == null || pw.length == 0) {
        throw new UaCliException("no password given");
      }
    }
    String text = new String(pw);
    Arrays.fill(pw, '\0');
    return text;
  }

  TransportConfig transportConfig(PrintWriter err) {
    CertificateVerifier verifier;
    try {
      verifier = io.sipher.cli.TrustAnchors.verifier(ca);
    } catch (PkiException e) {
      throw new UaCliException(e.getMessage());
    } catch (java.security.GeneralSecurityException e) {
      throw new UaCliException("cannot read the JDK's CA certificates: " + e.getMessage());
    }
    TransportConfig c = TransportConfig.DEFAULTS.withTrust(() -> verifier);
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        throw new UaCliException("--cert and --key go together");
      }
      KeyMaterial m = KeyMaterial.fromPem(cert, key, null);
      c = c.withClientMaterial(() -> m);
    }
    if (trace) {
      c = c.withTap(new Trace(err));
    }
    return c;
  }

  UaConfig.Builder config(PrintWriter err) {
    return UaConfig.builder(aor(), destination())
        .password(password())
        .transport(transportConfig(err))
        .userAgent("sipher-cli");
  }

  /** --trace: each message with its direction and flow, as it went on the wire (decrypted). */
  static final class Trace implements MessageTap {
    private final PrintWriter out;

    Trace(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void received(SipMessage message, Flow flow) {
      print("<<<", "from", message, flow);
    }

    @Override
    public void sent(SipMessage message, Flow flow) {
      print(">>>", "to", message, flow);
    }

    private void print(String arrow, String way, SipMessage m, Flow flow) {
      String text = mask(new String(m.toByteArray(), StandardCharsets.UTF_8));
      synchronized (out) {
        out.printf(
            "%s %s %s %s%n%s%n",
            arrow,
            flow.transport(),
            way,
            Addresses.format(flow.remoteAddress()),
            text.stripTrailing());
        out.println();
        out.flush();
      }
    }
  }

  // What a trace must not show: SDES master keys (a=crypto ... inline:KEY) and digest responses.
  private static final java.util.regex.Pattern SECRETS =
      java.util.regex.Pattern.compile("(inline:)[^|\\s]+|(response=\")[^\"]*");

  static String mask(String text) {
    return SECRETS
        .matcher(text)
        .replaceAll(r -> (r.group(1) != null ? r.group(1) : r.group(2)) + "(hidden)");
  }

  /** A duration option as the configuration file writes durations ({@code 10s}, {@code 500ms}). */
  static Duration duration(String option, String text) {
    return io.sipher.cli.config.Durations.parse(text)
        .orElseThrow(
            () ->
                new UaCliException(
                    option + " " + text + " is not a duration (e.g. 10s, 500ms, 2m)"));
  }
}
