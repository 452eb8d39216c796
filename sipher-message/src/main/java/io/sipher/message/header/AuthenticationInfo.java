package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;

/**
 * The Authentication-Info header (RFC 3261 §20.6, RFC 7616 §3.5): {@code nextnonce}, {@code qop},
 * {@code rspauth}, {@code cnonce}, {@code nc} as comma-separated parameters, without a scheme.
 */
public record AuthenticationInfo(Parameters parameters) {

  public String nextNonce() {
    return parameters.valueOrNull("nextnonce");
  }

  public String rspauth() {
    return parameters.valueOrNull("rspauth");
  }

  @Override
  public String toString() {
    String s = AuthValue.write("", parameters);
    return s.isEmpty() ? s : s.substring(1);
  }

  public static AuthenticationInfo parse(String value) {
    return read(new Lexer(value, "Authentication-Info header"));
  }

  static AuthenticationInfo read(Lexer lx) {
    return new AuthenticationInfo(AuthValue.readParams(lx));
  }
}
