package io.sipher.server.auth;

import io.sipher.message.auth.DigestAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

/**
 * Stateless nonces (RFC 7616 §3.3, §5.4): the server remembers nothing about a nonce it hands out.
 * A nonce carries the time it was issued and a random salt, and is signed with HMAC-SHA256 over
 * those, the realm and the algorithm of the challenge it belongs to. A nonce that verifies is ours;
 * its age then says whether it is fresh or stale.
 *
 * <p>Layout before base64url (without padding, so that it is a plain token):
 *
 * <pre>
 *   version (1) | issued, epoch millis (8) | salt (10) | HMAC (32)
 * </pre>
 *
 * The salt keeps two challenges issued in the same millisecond apart, so that the nonce-count of
 * one client can never be mistaken for a replay of another's (RFC 7616 §3.4 counts per nonce).
 */
final class Nonces {
  private static final byte VERSION = 1;
  private static final int SALT = 10;
  private static final int MAC = 32;
  private static final int LENGTH = 1 + 8 + SALT + MAC;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /** What a nonce turned out to be. */
  enum Status {
    /** Issued by us, for this realm and algorithm, within the lifetime. */
    FRESH,
    /** Issued by us, but longer ago than the lifetime: worth {@code stale=true}. */
    STALE,
    /** Not ours, not for this realm or algorithm, or not a nonce at all. */
    FORGED
  }

  /**
   * The verdict on a nonce.
   *
   * @param issuedAt when it was issued (epoch millis); meaningless when forged
   * @param id 64 bits of its signature, the key under which its nonce-count is tracked
   */
  record Check(Status status, long issuedAt, long id) {
    static final Check FORGED = new Check(Status.FORGED, 0, 0);
  }

  private final KeyedHash nonceMac;
  private final KeyedHash opaqueMac;
  private final long lifetimeMillis;
  private final SecureRandom random = new SecureRandom();

  Nonces(byte[] secret, Duration lifetime) {
    this.nonceMac = new KeyedHash(secret, "sipher digest nonce v1");
    this.opaqueMac = new KeyedHash(secret, "sipher digest opaque v1");
    this.lifetimeMillis = lifetime.toMillis();
  }

  /** A new nonce for a challenge in {@code realm} offering {@code algorithm}. */
  String issue(String realm, DigestAlgorithm algorithm, long nowMillis) {
    byte[] salt = new byte[SALT];
    random.nextBytes(salt);
    byte[] head =
        ByteBuffer.allocate(1 + 8 + SALT).put(VERSION).putLong(nowMillis).put(salt).array();
    byte[] mac = sign(head, realm, algorithm);
    byte[] nonce = Arrays.copyOf(head, LENGTH);
    System.arraycopy(mac, 0, nonce, head.length, MAC);
    return ENCODER.encodeToString(nonce);
  }

  /**
   * Verifies a nonce returned in credentials. Binding the algorithm means a nonce from the SHA-256
   * challenge cannot be answered with MD5: each challenge is answered as offered.
   */
  Check check(String nonce, String realm, DigestAlgorithm algorithm, long nowMillis) {
    byte[] raw;
    try {
      raw = DECODER.decode(nonce);
    } catch (IllegalArgumentException notBase64) {
      return Check.FORGED;
    }
    if (raw.length != LENGTH || raw[0] != VERSION) {
      return Check.FORGED;
    }
    byte[] head = Arrays.copyOf(raw, 1 + 8 + SALT);
    byte[] mac = Arrays.copyOfRange(raw, head.length, LENGTH);
    // Constant time, so that the signature cannot be found byte by byte from response times.
    if (!MessageDigest.isEqual(mac, sign(head, realm, algorithm))) {
      return Check.FORGED;
    }
    long issuedAt = ByteBuffer.wrap(raw, 1, 8).getLong();
    long id = ByteBuffer.wrap(mac, 0, 8).getLong();
    // A nonce from the future only exists if our clock stepped back; it ages the same way.
    boolean fresh = Math.abs(nowMillis - issuedAt) <= lifetimeMillis;
    return new Check(fresh ? Status.FRESH : Status.STALE, issuedAt, id);
  }

  /**
   * The {@code opaque} value for a realm (RFC 7616 §3.3: returned unchanged by the client). It is
   * keyed to the realm rather than to the nonce because a client keeps the challenge's opaque when
   * it moves on to a {@code nextnonce} (§3.5). It carries no security of its own; it only lets a
   * server recognise answers to its own challenges without state.
   */
  String opaque(String realm) {
    byte[] mac = opaqueMac.sign(realm.getBytes(StandardCharsets.UTF_8));
    return ENCODER.encodeToString(Arrays.copyOf(mac, 16));
  }

  /** Whether {@code opaque} is the one issued for {@code realm}, in constant time. */
  boolean opaqueMatches(String realm, String opaque) {
    return MessageDigest.isEqual(
        opaque(realm).getBytes(StandardCharsets.US_ASCII), opaque.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a nonce issued at {@code issuedAt} has lived past half its lifetime. */
  boolean pastHalfLife(long issuedAt, long nowMillis) {
    return nowMillis - issuedAt > lifetimeMillis / 2;
  }

  long lifetimeMillis() {
    return lifetimeMillis;
  }

  private byte[] sign(byte[] head, String realm, DigestAlgorithm algorithm) {
    byte[] realmBytes = realm.getBytes(StandardCharsets.UTF_8);
    // Length-prefixed so that no realm/algorithm pair can be re-split into another.
    byte[] realmLength = ByteBuffer.allocate(4).putInt(realmBytes.length).array();
    return nonceMac.sign(
        head, realmLength, realmBytes, algorithm.token().getBytes(StandardCharsets.US_ASCII));
  }
}
