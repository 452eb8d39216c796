package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;

/**
 * An Authorization or Proxy-Authorization value: credentials answering a challenge (RFC 3261 §22,
 * RFC 7616 §3.4). Unknown schemes parse too (RFC 4475 §3.3.7): what to do with them is the
 * authenticating server's decision.
 */
public record Credentials(String scheme, Parameters parameters) {

  public boolean isDigest() {
    return scheme.equalsIgnoreCase("Digest");
  }

  public String username() {
    return parameters.valueOrNull("username");
  }

  public String realm() {
    return parameters.valueOrNull("realm");
  }

  public String nonce() {
    return parameters.valueOrNull("nonce");
  }

  /** The {@code uri} (digest-uri) parameter. */
  public String uri() {
    return parameters.valueOrNull("uri");
  }

  public String response() {
    return parameters.valueOrNull("response");
  }

  /** The algorithm; RFC 7616 §3.4: MD5 when absent. */
  public String algorithm() {
    String a = parameters.valueOrNull("algorithm");
    return a == null ? "MD5" : a;
  }

  public String cnonce() {
    return parameters.valueOrNull("cnonce");
  }

  public String opaque() {
    return parameters.valueOrNull("opaque");
  }

  public String qop() {
    return parameters.valueOrNull("qop");
  }

  /** The nonce count as written (8 hex digits), or null. */
  public String nc() {
    return parameters.valueOrNull("nc");
  }

  @Override
  public String toString() {
    return AuthValue.write(scheme, parameters);
  }

  public static Credentials parse(String value) {
    Lexer lx = new Lexer(value, "credentials");
    return read(lx);
  }

  static Credentials read(Lexer lx) {
    AuthValue.SchemeAndParams sp = AuthValue.read(lx);
    return new Credentials(sp.scheme(), sp.params());
  }
}
