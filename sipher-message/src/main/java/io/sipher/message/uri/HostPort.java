package io.sipher.message.uri;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.IpLiteral;
import io.sipher.message.syntax.Lexer;
import io.sipher.message.syntax.SipParseException;
import java.util.Locale;

/**
 * A host and optional port as in RFC 3261 {@code hostport}: a host name, an IPv4 address or a
 * bracketed IPv6 reference (RFC 5118). {@code port} is -1 when absent; an absent port is not the
 * same as the transport's default (RFC 3261 §19.1.4).
 */
public record HostPort(String host, int port) {

  /** What kind of host a {@link HostPort} names. */
  public enum Kind {
    HOSTNAME,
    IPV4,
    IPV6
  }

  public HostPort {
    if (kindOf(host) == null) {
      throw new SipParseException("Bad host: " + host);
    }
    if (port < -1 || port > 65535) {
      throw new SipParseException("Bad port: " + port);
    }
  }

  public static HostPort of(String host) {
    return new HostPort(host, -1);
  }

  public Kind kind() {
    return kindOf(host);
  }

  public boolean hasPort() {
    return port >= 0;
  }

  /** The port, or {@code fallback} when none was given. */
  public int portOr(int fallback) {
    return port >= 0 ? port : fallback;
  }

  /** The host without IPv6 brackets, as a socket API wants it. */
  public String address() {
    return IpLiteral.stripBrackets(host);
  }

  /**
   * Host comparison as RFC 3261 §19.1.4 and RFC 5954 §4 define it: names without case, IPv6
   * addresses by value ({@code [::1]} equals {@code [0:0::1]}), and never a name against an
   * address.
   */
  public boolean sameHost(HostPort other) {
    return sameHost(host, other.host);
  }

  static boolean sameHost(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    return a.startsWith("[") && b.startsWith("[") && IpLiteral.sameIpv6(a, b);
  }

  @Override
  public String toString() {
    return port >= 0 ? host + ':' + port : host;
  }

  /** Parses {@code host[:port]}; the whole string must be consumed. */
  public static HostPort parse(String s) {
    Lexer lx = new Lexer(s, "host");
    HostPort hp = parse(lx);
    lx.expectEnd();
    return hp;
  }

  /** Reads {@code host[:port]} at the lexer's position; no whitespace is allowed inside. */
  public static HostPort parse(Lexer lx) {
    String text = lx.text();
    int start = lx.pos();
    int i = start;
    if (i < text.length() && text.charAt(i) == '[') {
      int close = text.indexOf(']', i);
      if (close < 0) {
        throw lx.fail("unterminated IPv6 reference");
      }
      i = close + 1;
    } else {
      while (i < text.length() && isHostChar(text.charAt(i))) {
        i++;
      }
    }
    String host = text.substring(start, i);
    if (kindOf(host) == null) {
      throw lx.fail("invalid host '" + host + "'");
    }
    lx.pos(i);
    int port = -1;
    if (lx.consume(':')) {
      port = (int) lx.number("port", 65535);
    }
    return new HostPort(host, port);
  }

  private static boolean isHostChar(char c) {
    return Chars.isAlpha(c) || Chars.isDigit(c) || c == '.' || c == '-' || c == '_';
  }

  /** The kind of host {@code s} is, or null when it is not a valid host. */
  public static Kind kindOf(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.charAt(0) == '[') {
      return IpLiteral.isIpv6Reference(s) ? Kind.IPV6 : null;
    }
    boolean numeric = true;
    for (int i = 0; i < s.length() && numeric; i++) {
      char c = s.charAt(i);
      numeric = Chars.isDigit(c) || c == '.';
    }
    if (numeric) {
      return IpLiteral.parseIpv4(s) != null ? Kind.IPV4 : null;
    }
    return isHostname(s) ? Kind.HOSTNAME : null;
  }

  /**
   * RFC 3261 {@code hostname}: dot-separated labels of letters, digits and inner hyphens, an
   * optional trailing dot, and a top label that starts with a letter (so that a malformed dotted
   * quad is not taken for a name). Underscores are tolerated inside labels, as deployed DNS has
   * them.
   */
  static boolean isHostname(String s) {
    int end = s.endsWith(".") ? s.length() - 1 : s.length();
    if (end == 0) {
      return false;
    }
    int labelStart = 0;
    for (int i = 0; i <= end; i++) {
      if (i == end || s.charAt(i) == '.') {
        if (i == labelStart) {
          return false;
        }
        char first = s.charAt(labelStart);
        char last = s.charAt(i - 1);
        if (first == '-' || last == '-') {
          return false;
        }
        if (i == end && !Chars.isAlpha(first)) {
          return false;
        }
        labelStart = i + 1;
      } else {
        char c = s.charAt(i);
        if (!Chars.isAlpha(c) && !Chars.isDigit(c) && c != '-' && c != '_') {
          return false;
        }
      }
    }
    return true;
  }

  /** Lower-cased host for use as a map key (IPv6 references are not normalised further). */
  public String hostKey() {
    return host.toLowerCase(Locale.ROOT);
  }
}
