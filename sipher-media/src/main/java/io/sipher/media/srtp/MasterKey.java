package io.sipher.media.srtp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.OptionalLong;

/**
 * An SRTP master key and master salt (RFC 3711 §3.2.1), with the optional lifetime SDES may give it
 * (RFC 4568 §6.1). Immutable; the accessors hand out copies.
 *
 * <p>{@link #toString()} never shows the secret, and there is deliberately no {@code equals}: use
 * {@link #sameSecretAs(MasterKey)}, which compares in constant time.
 */
public final class MasterKey {
  private final byte[] key;
  private final byte[] salt;
  private final long lifetime;

  private MasterKey(byte[] key, byte[] salt, long lifetime) {
    this.key = key;
    this.salt = salt;
    this.lifetime = lifetime;
  }

  /**
   * A master key and salt of any of the lengths some suite uses (16 or 32 octets of key; 14 or 12
   * of salt); whether they fit a suite is checked when a transform is made.
   *
   * @throws IllegalArgumentException for other lengths
   */
  public static MasterKey of(byte[] key, byte[] salt) {
    if (key.length != 16 && key.length != 32) {
      throw new IllegalArgumentException("master key must be 16 or 32 octets, not " + key.length);
    }
    if (salt.length != 14 && salt.length != 12) {
      throw new IllegalArgumentException("master salt must be 14 or 12 octets, not " + salt.length);
    }
    return new MasterKey(key.clone(), salt.clone(), 0);
  }

  /** Fresh random key and salt of the lengths {@code profile} needs. */
  public static MasterKey generate(SrtpProfile profile, SecureRandom random) {
    byte[] key = new byte[profile.masterKeyLength()];
    byte[] salt = new byte[profile.masterSaltLength()];
    random.nextBytes(key);
    random.nextBytes(salt);
    return new MasterKey(key, salt, 0);
  }

  /**
   * This key limited to {@code packets} SRTP (and, separately, SRTCP) packets, as an SDES lifetime
   * asks (RFC 4568 §6.1). The suite's own limit still applies when it is lower.
   */
  public MasterKey withLifetime(long packets) {
    if (packets <= 0) {
      throw new IllegalArgumentException("lifetime must be positive: " + packets);
    }
    return new MasterKey(key, salt, packets);
  }

  public byte[] key() {
    return key.clone();
  }

  public byte[] salt() {
    return salt.clone();
  }

  public int keyLength() {
    return key.length;
  }

  public int saltLength() {
    return salt.length;
  }

  /** The explicit lifetime in packets, or empty for the suite's maximum. */
  public OptionalLong lifetime() {
    return lifetime == 0 ? OptionalLong.empty() : OptionalLong.of(lifetime);
  }

  /** Whether the lengths are the ones {@code profile} needs. */
  public boolean fits(SrtpProfile profile) {
    return key.length == profile.masterKeyLength() && salt.length == profile.masterSaltLength();
  }

  /** Whether both hold the same key and salt, compared in constant time. */
  public boolean sameSecretAs(MasterKey other) {
    // Evaluate both comparisons so the time does not reveal which half differed.
    boolean sameKey = MessageDigest.isEqual(key, other.key);
    boolean sameSalt = MessageDigest.isEqual(salt, other.salt);
    return sameKey & sameSalt;
  }

  /** The key itself, without a copy, for key derivation inside this package. */
  byte[] keyBytes() {
    return key;
  }

  byte[] saltBytes() {
    return salt;
  }

  @Override
  public String toString() {
    return "MasterKey["
        + key.length * 8
        + "-bit key, "
        + salt.length * 8
        + "-bit salt"
        + (lifetime == 0 ? "" : ", lifetime " + lifetime)
        + ", secret redacted]";
  }
}
