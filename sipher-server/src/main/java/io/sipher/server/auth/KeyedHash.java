package io.sipher.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a key derived from the server secret for one purpose. Each use (nonces, opaque
 * values, To tags, decoy HA1s) gets its own key, HMAC(secret, label), so that a value made for one
 * purpose can never pass for another.
 */
final class KeyedHash {
  private static final String HMAC = "HmacSHA256";

  // Mac objects are not thread-safe and the authenticator runs on every network thread.
  private final ThreadLocal<Mac> mac;

  KeyedHash(byte[] secret, String label) {
    byte[] key = hmac(secret, label.getBytes(StandardCharsets.US_ASCII));
    this.mac = ThreadLocal.withInitial(() -> newMac(key));
  }

  /** HMAC over the concatenation of {@code parts}; callers make the encoding unambiguous. */
  byte[] sign(byte[]... parts) {
    Mac m = mac.get();
    for (byte[] p : parts) {
      m.update(p);
    }
    return m.doFinal();
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    Mac m = newMac(key);
    return m.doFinal(data);
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac m = Mac.getInstance(HMAC);
      m.init(new SecretKeySpec(key, HMAC));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " missing from this JDK", e);
    }
  }
}
