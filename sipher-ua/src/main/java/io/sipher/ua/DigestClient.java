package io.sipher.ua;

import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.message.auth.DigestMath;
import io.sipher.message.header.Challenge;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A client's side of SIP digest (RFC 3261 §22.4, RFC 7616 §3.4, RFC 8760) for one user: picks the
 * strongest challenge it knows (SHA-512-256, then SHA-256, then MD5) and answers it with {@code
 * qop=auth} when offered, else in the RFC 2069 form RFC 3261 still allows. HA1 is computed once per
 * realm and algorithm, so a load run spends its hashing on what a real phone must do per request.
 */
public final class DigestClient {
  private static final List<DigestAlgorithm> PREFERENCE =
      List.of(DigestAlgorithm.SHA_512_256, DigestAlgorithm.SHA_256, DigestAlgorithm.MD5);

  // RFC 7616 §3.4: the client nonce should be unpredictable.
  private static final java.security.SecureRandom CNONCES = new java.security.SecureRandom();

  private final String user;
  private final String password;
  private final Map<String, String> ha1ByRealmAndAlgorithm = new HashMap<>();
  private String lastNonce;
  private int nonceCount;

  private final Supplier<String> cnonces;

  public DigestClient(String user, String password) {
    this(user, password, () -> Long.toHexString(CNONCES.nextLong()));
  }

  /** With the client nonces given, for tests against published examples. */
  public DigestClient(String user, String password, Supplier<String> cnonces) {
    this.user = user;
    this.password = password;
    this.cnonces = cnonces;
  }

  /**
   * The Authorization (or Proxy-Authorization) value answering the best of {@code challenges} for a
   * request of {@code method} to {@code uri}; empty when none is a digest challenge this client can
   * answer (an unknown algorithm, or a qop without {@code auth}).
   */
  public synchronized Optional<String> answer(
      List<Challenge> challenges, String method, String uri) {
    for (DigestAlgorithm wanted : PREFERENCE) {
      for (Challenge c : challenges) {
        if (c.isDigest()
            && c.realm() != null
            && c.nonce() != null
            && DigestAlgorithm.fromToken(c.algorithm()).orElse(null) == wanted
            && (c.qop() == null || offersAuth(c.qop()))) {
          return Optional.of(authorization(c, wanted, method, uri));
        }
      }
    }
    return Optional.empty();
  }

  private String authorization(Challenge c, DigestAlgorithm algorithm, String method, String uri) {
    String ha1 =
        ha1ByRealmAndAlgorithm.computeIfAbsent(
            algorithm.token() + ' ' + c.realm(),
            k -> DigestMath.ha1(algorithm, user, c.realm(), password));
    StringBuilder v = new StringBuilder(320);
    v.append("Digest username=\"")
        .append(user)
        .append("\", realm=\"")
        .append(c.realm())
        .append("\", nonce=\"")
        .append(c.nonce())
        .append("\", uri=\"")
        .append(uri)
        .append("\", algorithm=")
        .append(algorithm.token());
    if (c.qop() != null) {
      // RFC 7616 §3.4: nc counts the requests sent with this nonce, starting at 1.
      if (!c.nonce().equals(lastNonce)) {
        lastNonce = c.nonce();
        nonceCount = 0;
      }
      String nc = String.format("%08x", ++nonceCount);
      String cnonce = cnonces.get();
      v.append(", qop=auth, nc=")
          .append(nc)
          .append(", cnonce=\"")
          .append(cnonce)
          .append("\", response=\"")
          .append(DigestMath.response(algorithm, ha1, c.nonce(), nc, cnonce, method, uri))
          .append('"');
    } else {
      // RFC 2617 §3.2.2.1 without qop: response = KD(H(A1), nonce ":" H(A2)).
      String ha2 = algorithm.hash(method + ":" + uri);
      v.append(", response=\"")
          .append(DigestMath.kd(algorithm, ha1, c.nonce() + ":" + ha2))
          .append('"');
    }
    if (c.opaque() != null) {
      v.append(", opaque=\"").append(c.opaque()).append('"');
    }
    return v.toString();
  }

  private static boolean offersAuth(String qopOptions) {
    for (String option : qopOptions.split(",")) {
      if (option.trim().equalsIgnoreCase("auth")) {
        return true;
      }
    }
    return false;
  }
}
