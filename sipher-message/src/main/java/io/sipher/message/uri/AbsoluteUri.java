package io.sipher.message.uri;

import io.sipher.message.syntax.SipParseException;

/**
 * A URI of a scheme sipher does not interpret ({@code http:}, {@code urn:}, {@code isbn:}...), kept
 * as written. RFC 3261 allows such URIs in headers; in a Request-URI they earn a 416 (RFC 3261
 * §8.2.2.1, RFC 4475 §3.3.2).
 */
public final class AbsoluteUri implements Uri {
  private final String scheme;
  private final String text;

  private AbsoluteUri(String scheme, String text) {
    this.scheme = scheme;
    this.text = text;
  }

  static AbsoluteUri parse(String text, String scheme) {
    if (text.length() == scheme.length() + 1) {
      throw new SipParseException("Bad URI: nothing after '" + scheme + ":'");
    }
    for (int i = scheme.length() + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == '"') {
        throw new SipParseException("Bad URI: invalid character in " + scheme + " URI");
      }
    }
    return new AbsoluteUri(scheme, text);
  }

  @Override
  public String scheme() {
    return scheme;
  }

  /** The part after {@code scheme:}. */
  public String schemeSpecificPart() {
    return text.substring(scheme.length() + 1);
  }

  /** Same scheme (without case) and the same remaining text. */
  @Override
  public boolean equivalent(Uri other) {
    return other instanceof AbsoluteUri o
        && scheme.equals(o.scheme)
        && schemeSpecificPart().equals(o.schemeSpecificPart());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AbsoluteUri other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
