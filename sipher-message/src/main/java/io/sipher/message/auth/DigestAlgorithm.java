package io.sipher.message.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digest algorithms of RFC 7616 §3.2 as SIP uses them (RFC 8760): SHA-256 and SHA-512/256 are
 * preferred, MD5 is kept for old phones and offered last.
 */
public enum DigestAlgorithm {
  SHA_256("SHA-256", "SHA-256"),
  SHA_512_256("SHA-512-256", "SHA-512/256"),
  MD5("MD5", "MD5");

  private final String token;
  private final String jcaName;

  DigestAlgorithm(String token, String jcaName) {
    this.token = token;
    this.jcaName = jcaName;
  }

  /** The {@code algorithm} parameter value (RFC 7616 §3.3). */
  public String token() {
    return token;
  }

  /** The hex digest of {@code text} in UTF-8: RFC 7616's H(). */
  public String hash(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance(jcaName);
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " missing from this JDK", e);
    }
  }

  /** The algorithm named by a parameter value, without case; absent means MD5 (§3.4). */
  public static Optional<DigestAlgorithm> fromToken(String token) {
    if (token == null) {
      return Optional.of(MD5);
    }
    for (DigestAlgorithm a : values()) {
      if (a.token.equalsIgnoreCase(token.trim())) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return token.toLowerCase(Locale.ROOT);
  }
}
