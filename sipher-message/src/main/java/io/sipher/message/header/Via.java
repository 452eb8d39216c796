package io.sipher.message.header;

import io.sipher.message.syntax.IpLiteral;
import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.Parameters;
import java.util.Locale;

/**
 * One Via value (RFC 3261 §20.42): {@code SIP/2.0/TLS host:port;branch=...;received=...;rport}.
 *
 * <p>Parsing checks the parameters RFC 3261 §25.1 and RFC 3581 give a grammar: {@code ttl} is
 * 0-255, {@code maddr} a host, {@code received} an IPv4 or IPv6 address (with or without brackets,
 * RFC 5118 §4.5), {@code rport} empty or a port.
 */
public record Via(
    String protocolName,
    String protocolVersion,
    String transport,
    HostPort sentBy,
    Parameters parameters) {

  /** The RFC 3261 branch prefix that marks a globally unique branch (§8.1.1.7). */
  public static final String MAGIC_COOKIE = "z9hG4bK";

  public Via {
    parameters = parameters == null ? Parameters.EMPTY : parameters;
  }

  /** A {@code SIP/2.0/<transport>} Via with the given branch. */
  public static Via of(String transport, HostPort sentBy, String branch) {
    return new Via(
        "SIP",
        "2.0",
        transport.toUpperCase(Locale.ROOT),
        sentBy,
        Parameters.EMPTY.with("branch", branch));
  }

  public String branch() {
    return parameters.valueOrNull("branch");
  }

  /** Whether the branch starts with the RFC 3261 magic cookie (an RFC 3261-compliant sender). */
  public boolean hasRfc3261Branch() {
    String b = branch();
    return b != null && b.startsWith(MAGIC_COOKIE);
  }

  public String received() {
    return parameters.valueOrNull("received");
  }

  /** Whether the {@code rport} parameter is present, with or without a value (RFC 3581). */
  public boolean hasRport() {
    return parameters.contains("rport");
  }

  /** The {@code rport} value, or -1 when absent or empty. */
  public int rport() {
    String v = parameters.valueOrNull("rport");
    return v == null ? -1 : Integer.parseInt(v);
  }

  public String maddr() {
    return parameters.valueOrNull("maddr");
  }

  /** The {@code ttl} value, or -1. */
  public int ttl() {
    String v = parameters.valueOrNull("ttl");
    return v == null ? -1 : Integer.parseInt(v);
  }

  /** Whether the sender asks for connection reuse with the {@code alias} parameter (RFC 5923). */
  public boolean hasAlias() {
    return parameters.contains("alias");
  }

  /** The transport in upper case, as used for comparisons ({@code UDP}, {@code TLS}, ...). */
  public String transportUpper() {
    return transport.toUpperCase(Locale.ROOT);
  }

  public Via withParameter(String name, String value) {
    return new Via(protocolName, protocolVersion, transport, sentBy, parameters.with(name, value));
  }

  /** Sets {@code received}; an IPv6 address is written bracketed, as RFC 5118 §4.5 advises. */
  public Via withReceived(String address) {
    String value =
        address.indexOf(':') >= 0 && !address.startsWith("[") ? '[' + address + ']' : address;
    return withParameter("received", value);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(80);
    appendTo(sb);
    return sb.toString();
  }

  public void appendTo(StringBuilder sb) {
    sb.append(protocolName).append('/').append(protocolVersion).append('/').append(transport);
    sb.append(' ');
    sentBy.appendTo(sb);
    parameters.appendTo(sb, ';');
  }

  public static Via parse(String value) {
    Lexer lx = new Lexer(value, "Via header");
    Via v = read(lx);
    lx.expectEnd();
    return v;
  }

  /** Reads one via-parm, stopping before a comma or at the end. */
  public static Via read(Lexer lx) {
    lx.skipWs();
    String name = lx.token("protocol name");
    lx.expectSeparator('/');
    String version = lx.token("protocol version");
    lx.expectSeparator('/');
    String transport = lx.token("transport");
    if (!lx.skipWsAny()) {
      throw lx.fail("expected whitespace before sent-by");
    }
    HostPort sentBy = HostPort.parse(lx);
    Parameters params = Parameters.parseHeaderParams(lx);
    for (Parameters.Parameter p : params) {
      checkParameter(lx, p);
    }
    return new Via(name, version, transport, sentBy, params);
  }

  private static void checkParameter(Lexer lx, Parameters.Parameter p) {
    String n = p.name();
    String v = p.value();
    if (n.equalsIgnoreCase("branch")) {
      if (v == null || p.quoted()) {
        throw lx.fail("branch must be a token");
      }
    } else if (n.equalsIgnoreCase("received")) {
      if (v == null
          || !IpLiteral.isIpv4(v) && IpLiteral.parseIpv6(IpLiteral.stripBrackets(v)) == null) {
        throw lx.fail("received must be an IP address");
      }
    } else if (n.equalsIgnoreCase("rport")) {
      if (v != null && (!isNumber(v, 5) || Integer.parseInt(v) > 65535)) {
        throw lx.fail("rport must be a port number");
      }
    } else if (n.equalsIgnoreCase("ttl")) {
      if (v == null || !isNumber(v, 3) || Integer.parseInt(v) > 255) {
        throw lx.fail("ttl must be 0-255");
      }
    } else if (n.equalsIgnoreCase("maddr")) {
      if (v == null || HostPort.kindOf(v) == null) {
        throw lx.fail("maddr must be a host");
      }
    }
  }

  private static boolean isNumber(String s, int maxDigits) {
    if (s.isEmpty() || s.length() > maxDigits) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
