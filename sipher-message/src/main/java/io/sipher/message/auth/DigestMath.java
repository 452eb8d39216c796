package io.sipher.message.auth;

/**
 * The digest computations of RFC 7616 §3.4.1 and §3.5 for {@code qop=auth}, as RFC 3261 §22.4 and
 * RFC 8760 use them. Every value is lower-case hex (RFC 7616 §3.4.1: "LHEX").
 *
 * <pre>
 *   response = KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2))   with A2 = Method ":" uri
 *   rspauth  = the same with A2 = ":" uri                             (§3.5)
 *   KD(s, d) = H(s ":" d)
 * </pre>
 *
 * H(A1) is the stored HA1 (RFC 7616 §3.4.2 with a non-session algorithm), so the password is never
 * needed here.
 */
public final class DigestMath {
  private DigestMath() {}

  /** KD(secret, data) = H(secret ":" data). */
  public static String kd(DigestAlgorithm algorithm, String secret, String data) {
    return algorithm.hash(secret + ":" + data);
  }

  /** HA1 = H(username ":" realm ":" password) (RFC 7616 §3.4.2). */
  public static String ha1(DigestAlgorithm algorithm, String user, String realm, String password) {
    return algorithm.hash(user + ":" + realm + ":" + password);
  }

  /** The {@code response} a client must send for {@code qop} = {@code auth} (RFC 7616 §3.4.1). */
  public static String response(
      DigestAlgorithm algorithm,
      String ha1,
      String nonce,
      String nc,
      String cnonce,
      String method,
      String digestUri) {
    String ha2 = algorithm.hash(method + ":" + digestUri);
    return kd(algorithm, ha1, nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
  }

  /**
   * The {@code rspauth} of Authentication-Info (RFC 7616 §3.5): like the response, but A2 has no
   * method, so that the client can tell the server's proof from an echo of its own response.
   */
  public static String rspauth(
      DigestAlgorithm algorithm,
      String ha1,
      String nonce,
      String nc,
      String cnonce,
      String digestUri) {
    return response(algorithm, ha1, nonce, nc, cnonce, "", digestUri);
  }
}
