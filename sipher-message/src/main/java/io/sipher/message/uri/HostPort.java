package io.sipher.message.uri;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.IpLiteral;
import io.sipher.message.syntax.Lexer;
import io.sipher.message.syntax.SipParseException;
import java.util.Locale;

/**
 * A host and optional port as in RFC 3261 {@code hostport}: a host name, an IPv4 address or a
 * bracketed IPv6 reference (RFC 5118). {@code port} is -1 when absent; an absent port is not the
 * same as the transport's default (RFC 3261 §19.1.4). Instances are immutable and always valid.
 */
public final class HostPort {

  /** What kind of host a {@link HostPort} names. */
  public enum Kind {
    HOSTNAME,
    IPV4,
    IPV6
  }

  private final String host;
  private final int port;
  private final Kind kind;

  private HostPort(String host, int port, Kind kind) {
    this.host = host;
    this.port = port;
    this.kind = kind;
  }

  /**
   * @throws SipParseException when the host is not a host name, IPv4 address or IPv6 reference, or
   *     the port is out of range
   */
  public static HostPort of(String host, int port) {
    Kind kind = kindOf(host);
    if (kind == null) {
      throw new SipParseException("Bad host: '" + host + "'");
    }
    if (port < -1 || port > 65535) {
      throw new SipParseException("Bad port: " + port);
    }
    return new HostPort(host, port, kind);
  }

  public static HostPort of(String host) {
    return of(host, -1);
  }

  public String host() {
    return host;
  }

  /** The port, or -1 when none was given. */
  public int port() {
    return port;
  }

  public Kind kind() {
    return kind;
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
    return kind == Kind.IPV6 ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * Host comparison as RFC 3261 §19.1.4 and RFC 5954 §4 define it: names without case, IPv6
   * addresses by value ({@code [::1]} equals {@code [0:0::1]}), and never a name against an
   * address.
   */
  public boolean sameHost(HostPort other) {
    if (host.equalsIgnoreCase(other.host)) {
      return true;
    }
    return kind == Kind.IPV6 && other.kind == Kind.IPV6 && IpLiteral.sameIpv6(host, other.host);
  }

  /** Lower-cased host for use as a map key (IPv6 references are not normalised further). */
  public String hostKey() {
    return host.toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostPort other && port == other.port && host.equals(other.host);
  }

  @Override
  public int hashCode() {
    return host.hashCode() * 31 + port;
  }

  @Override
  public String toString() {
    return port >= 0 ? host + ':' + port : host;
  }

  public void appendTo(StringBuilder sb) {
    sb.append(host);
    if (port >= 0) {
      sb.append(':').append(port);
    }
  }

  /** Parses {@code host[:port]}; the whole string must be consumed. */
  public static HostPort parse(String s) {
    return parse(s, 0, s.length());
  }

  /**
   * Parses {@code s[from, to)} as {@code host[:port]}.
   *
   * @throws SipParseException naming what is wrong
   */
  public static HostPort parse(String s, int from, int to) {
    int hostEnd;
    if (from < to && s.charAt(from) == '[') {
      int close = s.indexOf(']', from);
      if (close < 0 || close >= to) {
        throw new SipParseException("Bad host: unterminated IPv6 reference");
      }
      hostEnd = close + 1;
    } else {
      hostEnd = from;
      while (hostEnd < to && s.charAt(hostEnd) != ':') {
        hostEnd++;
      }
    }
    String host = s.substring(from, hostEnd);
    Kind kind = kindOf(host);
    if (kind == null) {
      throw new SipParseException("Bad host: invalid host '" + host + "'");
    }
    int port = -1;
    if (hostEnd < to) {
      if (s.charAt(hostEnd) != ':' || hostEnd + 1 == to || to - hostEnd - 1 > 5) {
        throw new SipParseException("Bad host: invalid port");
      }
      port = 0;
      for (int i = hostEnd + 1; i < to; i++) {
        char c = s.charAt(i);
        if (!Chars.isDigit(c)) {
          throw new SipParseException("Bad host: invalid port");
        }
        port = port * 10 + (c - '0');
      }
      if (port > 65535) {
        throw new SipParseException("Bad host: port out of range");
      }
    }
    return new HostPort(host, port, kind);
  }

  /** Reads {@code host[:port]} at the lexer's position. */
  public static HostPort parse(Lexer lx) {
    String text = lx.text();
    int start = lx.pos();
    int end = start;
    if (end < text.length() && text.charAt(end) == '[') {
      end = text.indexOf(']', end);
      end = end < 0 ? text.length() : end + 1;
    } else {
      while (end < text.length() && isHostChar(text.charAt(end))) {
        end++;
      }
    }
    String host = text.substring(start, end);
    Kind kind = kindOf(host);
    if (kind == null) {
      throw lx.fail("invalid host '" + host + "'");
    }
    lx.pos(end);
    int port = -1;
    // sent-by = host [ COLON port ], and COLON allows whitespace around it (RFC 3261 §25.1)
    if (lx.separator(':')) {
      port = (int) lx.number("port", 65535);
    }
    return new HostPort(host, port, kind);
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
      return IpLiteral.isIpv4(s) ? Kind.IPV4 : null;
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
}
