package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;

/**
 * A WWW-Authenticate or Proxy-Authenticate value: an authentication challenge (RFC 3261 §22, RFC
 * 7616 §3.3). For Digest, the accessors give the well-known parameters.
 */
public record Challenge(String scheme, Parameters parameters) {

  public boolean isDigest() {
    return scheme.equalsIgnoreCase("Digest");
  }

  public String realm() {
    return parameters.valueOrNull("realm");
  }

  public String nonce() {
    return parameters.valueOrNull("nonce");
  }

  public String opaque() {
    return parameters.valueOrNull("opaque");
  }

  /** The algorithm; RFC 7616 §3.3: MD5 when absent. */
  public String algorithm() {
    String a = parameters.valueOrNull("algorithm");
    return a == null ? "MD5" : a;
  }

  /** The qop options as written, e.g. {@code auth,auth-int}, or null. */
  public String qop() {
    return parameters.valueOrNull("qop");
  }

  public boolean stale() {
    return "true".equalsIgnoreCase(parameters.valueOrNull("stale"));
  }

  @Override
  public String toString() {
    return AuthValue.write(scheme, parameters);
  }

  public static Challenge parse(String value) {
    Lexer lx = new Lexer(value, "challenge");
    return read(lx);
  }

  static Challenge read(Lexer lx) {
    AuthValue.SchemeAndParams sp = AuthValue.read(lx);
    return new Challenge(sp.scheme(), sp.params());
  }
}
