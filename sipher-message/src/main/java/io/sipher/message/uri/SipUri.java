package io.sipher.message.uri;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.Escaping;
import io.sipher.message.syntax.SipParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 §19.1): {@code
 * sip:user:password@host:port;uri-parameters?headers}.
 *
 * <p>User, password, parameter values and header values are kept escaped, as written, so that a
 * parsed URI is written back unchanged; {@link #decodedUser()} gives the unescaped user. Instances
 * are immutable; the {@code with...} methods return modified copies.
 */
public final class SipUri implements Uri {
  /** URI parameters that, present in only one of two URIs, make them differ (§19.1.4). */
  private static final List<String> SIGNIFICANT_PARAMS =
      List.of("user", "ttl", "method", "maddr", "transport");

  private final boolean secure;
  private final String user;
  private final String password;
  private final HostPort hostPort;
  private final Parameters params;
  private final Parameters headers;
  private String text;

  private SipUri(
      boolean secure,
      String user,
      String password,
      HostPort hostPort,
      Parameters params,
      Parameters headers,
      String text) {
    this.secure = secure;
    this.user = user;
    this.password = password;
    this.hostPort = Objects.requireNonNull(hostPort, "hostPort");
    this.params = params;
    this.headers = headers;
    this.text = text;
  }

  /** A URI for {@code user@host} (user may be null); the user is escaped as needed. */
  public static SipUri of(boolean secure, String user, HostPort hostPort) {
    String escaped = user == null ? null : Escaping.encode(user, Chars::isUserChar);
    return new SipUri(secure, escaped, null, hostPort, Parameters.EMPTY, Parameters.EMPTY, null);
  }

  public static SipUri of(String user, String host) {
    return of(false, user, HostPort.of(host));
  }

  @Override
  public String scheme() {
    return secure ? "sips" : "sip";
  }

  public boolean isSecure() {
    return secure;
  }

  /** The user part as written (escaped), or null. */
  public String user() {
    return user;
  }

  /** The user part with escapes resolved, or null. */
  public String decodedUser() {
    return user == null ? null : Escaping.decode(user);
  }

  public String password() {
    return password;
  }

  public HostPort hostPort() {
    return hostPort;
  }

  public String host() {
    return hostPort.host();
  }

  /** The port, or -1 when the URI does not give one. */
  public int port() {
    return hostPort.port();
  }

  public Parameters parameters() {
    return params;
  }

  public Parameters headers() {
    return headers;
  }

  /** The {@code transport} parameter in lower case, or null. */
  public String transport() {
    String t = params.valueOrNull("transport");
    return t == null ? null : t.toLowerCase(java.util.Locale.ROOT);
  }

  public String maddr() {
    return params.valueOrNull("maddr");
  }

  /** Whether the URI carries the {@code lr} parameter (RFC 3261 §19.1.1, loose routing). */
  public boolean isLooseRouter() {
    return params.contains("lr");
  }

  public SipUri withSecure(boolean secure) {
    return secure == this.secure
        ? this
        : new SipUri(secure, user, password, hostPort, params, headers, null);
  }

  public SipUri withHostPort(HostPort hostPort) {
    return new SipUri(secure, user, password, hostPort, params, headers, null);
  }

  /** A copy with the given (unescaped) user, or without a user when null. */
  public SipUri withUser(String user) {
    String escaped = user == null ? null : Escaping.encode(user, Chars::isUserChar);
    return new SipUri(secure, escaped, password, hostPort, params, headers, null);
  }

  /**
   * A copy with a URI parameter set; {@code value} is written as given (escape it first).
   *
   * @throws IllegalArgumentException when the name or value has characters a URI parameter cannot
   *     hold unescaped (RFC 3261 §25.1 paramchar)
   */
  public SipUri withParameter(String name, String value) {
    if (name.isEmpty()
        || !Escaping.isValid(name, 0, name.length(), Chars.URI_PARAM_PART)
        || value != null
            && (value.isEmpty()
                || !Escaping.isValid(value, 0, value.length(), Chars.URI_PARAM_PART))) {
      throw new IllegalArgumentException("not a valid URI parameter: " + name + "=" + value);
    }
    Parameters p = params.with(new Parameters.Parameter(name, value, false));
    return new SipUri(secure, user, password, hostPort, p, headers, null);
  }

  public SipUri withoutParameter(String name) {
    Parameters p = params.without(name);
    return p == params ? this : new SipUri(secure, user, password, hostPort, p, headers, null);
  }

  public SipUri withoutHeaders() {
    return headers.isEmpty()
        ? this
        : new SipUri(secure, user, password, hostPort, params, Parameters.EMPTY, null);
  }

  /**
   * RFC 3261 §19.1.4 comparison: sip never equals sips; user and password compare with case,
   * everything else without; escapes of unreserved characters equal the characters; an omitted port
   * differs from an explicit one; user/ttl/method/maddr/transport parameters must agree when either
   * URI has them, other parameters only when both do; headers must all agree.
   */
  @Override
  public boolean equivalent(Uri other) {
    if (!(other instanceof SipUri o) || secure != o.secure) {
      return false;
    }
    if (!sameEscaped(user, o.user, false) || !sameEscaped(password, o.password, false)) {
      return false;
    }
    if (!hostPort.sameHost(o.hostPort) || hostPort.port() != o.hostPort.port()) {
      return false;
    }
    for (Parameters.Parameter p : params) {
      Parameters.Parameter q = o.params.find(p.name());
      if (q == null) {
        if (isSignificant(p.name())) {
          return false;
        }
      } else if (!sameEscaped(p.value(), q.value(), true)) {
        return false;
      }
    }
    for (Parameters.Parameter q : o.params) {
      if (isSignificant(q.name()) && !params.contains(q.name())) {
        return false;
      }
    }
    return sameHeaders(headers, o.headers) && sameHeaders(o.headers, headers);
  }

  private static boolean isSignificant(String name) {
    for (String s : SIGNIFICANT_PARAMS) {
      if (s.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameHeaders(Parameters a, Parameters b) {
    for (Parameters.Parameter h : a) {
      Parameters.Parameter g = b.find(h.name());
      if (g == null || !sameEscaped(h.value(), g.value(), false)) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameEscaped(String a, String b, boolean ignoreCase) {
    if (a == null || b == null) {
      return a == b;
    }
    String x = Escaping.comparisonForm(a);
    String y = Escaping.comparisonForm(b);
    return ignoreCase ? x.equalsIgnoreCase(y) : x.equals(y);
  }

  /** Equal when written identically; see {@link #equivalent} for the RFC comparison. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SipUri other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    String t = text;
    if (t == null) {
      StringBuilder sb = new StringBuilder(64).append(secure ? "sips:" : "sip:");
      if (user != null) {
        sb.append(user);
        if (password != null) {
          sb.append(':').append(password);
        }
        sb.append('@');
      }
      sb.append(hostPort);
      params.appendTo(sb, ';');
      if (!headers.isEmpty()) {
        char sep = '?';
        for (Parameters.Parameter h : headers) {
          sb.append(sep).append(h.name()).append('=').append(h.value());
          sep = '&';
        }
      }
      text = t = sb.toString();
    }
    return t;
  }

  /**
   * Parses a SIP or SIPS URI.
   *
   * @throws SipParseException naming the part that breaks the RFC 3261 §25.1 grammar
   */
  public static SipUri parse(String s) {
    boolean secure;
    int i;
    if (s.regionMatches(true, 0, "sip:", 0, 4)) {
      secure = false;
      i = 4;
    } else if (s.regionMatches(true, 0, "sips:", 0, 5)) {
      secure = true;
      i = 5;
    } else {
      throw new SipParseException("Bad URI: not a sip or sips URI");
    }
    String user = null;
    String password = null;
    // '@' cannot appear unescaped after the userinfo, so the first one ends it.
    int at = s.indexOf('@', i);
    if (at >= 0) {
      int colon = s.indexOf(':', i);
      int userEnd = colon >= 0 && colon < at ? colon : at;
      if (userEnd == i) {
        throw new SipParseException("Bad URI: empty user part");
      }
      check(s, i, userEnd, Chars.USER_PART, "user part");
      user = s.substring(i, userEnd);
      if (userEnd < at) {
        check(s, userEnd + 1, at, Chars.PASSWORD_PART, "password");
        password = s.substring(userEnd + 1, at);
      }
      i = at + 1;
    }
    int hostEnd = i;
    while (hostEnd < s.length() && s.charAt(hostEnd) != ';' && s.charAt(hostEnd) != '?') {
      hostEnd++;
    }
    HostPort hostPort;
    try {
      hostPort = HostPort.parse(s, i, hostEnd);
    } catch (SipParseException e) {
      throw new SipParseException("Bad URI: " + e.detail());
    }
    i = hostEnd;
    List<Parameters.Parameter> params = new ArrayList<>(4);
    while (i < s.length() && s.charAt(i) == ';') {
      i = readPair(s, i + 1, ';', Chars.URI_PARAM_PART, false, params, "URI parameter");
    }
    List<Parameters.Parameter> headers = List.of();
    if (i < s.length() && s.charAt(i) == '?') {
      headers = new ArrayList<>(2);
      do {
        i = readPair(s, i + 1, '&', Chars.URI_HEADER_PART, true, headers, "URI header");
      } while (i < s.length() && s.charAt(i) == '&');
    }
    if (i != s.length()) {
      throw new SipParseException("Bad URI: unexpected '" + s.charAt(i) + "'");
    }
    return new SipUri(
        secure, user, password, hostPort, Parameters.owned(params), Parameters.owned(headers), s);
  }

  /** Reads {@code name[=value]} up to the next {@code separator}, ';', '?' or the end. */
  private static int readPair(
      String s,
      int start,
      char separator,
      Chars.CharClass allowed,
      boolean header,
      List<Parameters.Parameter> out,
      String what) {
    int end = start;
    while (end < s.length()) {
      char c = s.charAt(end);
      if (c == separator || (!header && c == '?') || (header && c == ';')) {
        break;
      }
      end++;
    }
    int eq = s.indexOf('=', start);
    String name;
    String value = null;
    if (eq >= 0 && eq < end) {
      name = s.substring(start, eq);
      check(s, eq + 1, end, allowed, what + " value");
      value = s.substring(eq + 1, end);
      if (value.isEmpty() && !header) {
        throw new SipParseException("Bad URI: empty " + what + " value");
      }
    } else {
      if (header) {
        throw new SipParseException("Bad URI: " + what + " without '='");
      }
      name = s.substring(start, end);
    }
    if (name.isEmpty()) {
      throw new SipParseException("Bad URI: empty " + what);
    }
    check(s, start, start + name.length(), allowed, what + " name");
    out.add(new Parameters.Parameter(name, value, false));
    return end;
  }

  private static void check(String s, int from, int to, Chars.CharClass allowed, String what) {
    if (!Escaping.isValid(s, from, to, allowed)) {
      throw new SipParseException("Bad URI: invalid character or escape in " + what);
    }
  }
}
