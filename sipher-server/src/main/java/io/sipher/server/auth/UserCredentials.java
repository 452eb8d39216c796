package io.sipher.server.auth;

import io.sipher.message.auth.DigestAlgorithm;
import java.util.Map;
import java.util.Objects;

/**
 * What the server keeps to check a user's digest responses: HA1 = H(username:realm:password) per
 * algorithm (RFC 7616 §3.4.2), never the password itself.
 *
 * @param user the username as the user types it (the digest {@code username})
 * @param realm the realm the HA1 values were computed for (the SIP domain)
 * @param ha1 hex HA1 per algorithm; an algorithm missing here cannot be used by this user
 */
public record UserCredentials(String user, String realm, Map<DigestAlgorithm, String> ha1) {

  public UserCredentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(realm, "realm");
    ha1 = Map.copyOf(ha1);
  }

  /** HA1 for every algorithm, from a password that is then forgotten by the caller. */
  public static UserCredentials fromPassword(String user, String realm, char[] password) {
    String secret = new String(password);
    Map<DigestAlgorithm, String> m = new java.util.EnumMap<>(DigestAlgorithm.class);
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      m.put(a, a.hash(user + ":" + realm + ":" + secret));
    }
    return new UserCredentials(user, realm, m);
  }

  @Override
  public String toString() {
    return "UserCredentials[" + user + "@" + realm + ", algorithms=" + ha1.keySet() + "]";
  }
}
