package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared shape of WWW-Authenticate, Proxy-Authenticate, Authorization and Proxy-Authorization
 * (RFC 3261 §20.7, §20.27, §20.28, §20.44; RFC 7616 §3.3-3.4): a scheme and comma-separated {@code
 * name=value} parameters. Commas here separate parameters, not header values, so these headers are
 * never split as lists.
 */
final class AuthValue {
  private AuthValue() {}

  record SchemeAndParams(String scheme, Parameters params) {}

  static SchemeAndParams read(Lexer lx) {
    lx.skipWs();
    String scheme = lx.token("authentication scheme");
    if (!lx.skipWsAny()) {
      lx.expectEnd(); // a bare scheme: tolerated, it has no parameters
      return new SchemeAndParams(scheme, Parameters.EMPTY);
    }
    return new SchemeAndParams(scheme, readParams(lx));
  }

  /** Reads {@code name=value *(COMMA name=value)}; values are tokens or quoted strings. */
  static Parameters readParams(Lexer lx) {
    List<Parameters.Parameter> out = new ArrayList<>(8);
    lx.skipWs();
    if (lx.atEnd()) {
      return Parameters.EMPTY;
    }
    do {
      String name = lx.token("parameter name");
      lx.expectSeparator('=');
      boolean quoted = lx.peek() == '"';
      String value = quoted ? lx.quotedString() : tokenValue(lx, name);
      out.add(new Parameters.Parameter(name, value, quoted));
    } while (lx.separator(','));
    lx.expectEnd();
    return Parameters.of(out);
  }

  private static String tokenValue(Lexer lx, String name) {
    // Token values; '/' appears in unquoted values some deployed servers send (algorithm values
    // and the like are plain tokens, so this only widens what is tolerated).
    int start = lx.pos();
    String t = lx.tokenOrNull();
    if (t == null) {
      throw lx.fail("empty value for " + name);
    }
    while (lx.consume('/')) {
      lx.tokenOrNull();
    }
    return lx.text().substring(start, lx.pos());
  }

  static String write(String scheme, Parameters params) {
    StringBuilder sb = new StringBuilder(160).append(scheme);
    char sep = ' ';
    for (Parameters.Parameter p : params) {
      sb.append(sep).append(p.name()).append('=');
      if (p.quoted()) {
        Parameters.appendQuoted(sb, p.value());
      } else {
        sb.append(p.value());
      }
      sep = ',';
    }
    return sb.toString();
  }
}
