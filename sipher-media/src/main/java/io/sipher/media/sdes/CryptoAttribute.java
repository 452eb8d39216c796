package io.sipher.media.sdes;

import io.sipher.media.srtp.MasterKey;
import io.sipher.media.srtp.SrtpProfile;
import java.util.Base64;
import java.util.List;

/**
 * The value of an SDP {@code a=crypto} attribute for SRTP (RFC 4568 §9.2):
 *
 * <pre>{@code <tag> <crypto-suite> inline:<base64 key||salt>[|<lifetime>][|<MKI>:<length>]
 *     [;inline:...] [<session-param> ...]}</pre>
 *
 * <p>Immutable. Only suites of {@link SrtpProfile} are represented; a line naming another suite
 * does not parse. MKIs, several keys and any session parameter are represented faithfully, whether
 * or not sipher will agree to them (that is {@link SdesNegotiator}'s decision). {@link #format()}
 * writes the value with the key; {@link #toString()} never shows it.
 */
public final class CryptoAttribute {
  private final int tag;
  private final SrtpProfile suite;
  private final List<SdesKey> keys;
  private final List<String> sessionParams;

  CryptoAttribute(int tag, SrtpProfile suite, List<SdesKey> keys, List<String> sessionParams) {
    this.tag = tag;
    this.suite = suite;
    this.keys = List.copyOf(keys);
    this.sessionParams = List.copyOf(sessionParams);
  }

  /**
   * A line with one key, no MKI and no session parameters; the key's lifetime, if any, is written.
   *
   * @throws IllegalArgumentException if the tag is not 0..999999999 or the key does not fit the
   *     suite
   */
  public static CryptoAttribute of(int tag, SrtpProfile suite, MasterKey key) {
    if (tag < 0 || tag > 999_999_999) {
      throw new IllegalArgumentException("tag must have 1 to 9 digits: " + tag);
    }
    if (!key.fits(suite)) {
      throw new IllegalArgumentException(key + " does not fit " + suite);
    }
    return new CryptoAttribute(tag, suite, List.of(SdesKey.of(key)), List.of());
  }

  /**
   * Parses an attribute value. A leading {@code a=crypto:} or {@code crypto:} is allowed. Never
   * throws for bad input: every problem is an {@link Invalid} with a reason fit for a log.
   */
  public static ParseResult parse(String value) {
    return CryptoAttributeParser.parse(value);
  }

  /** The tag that pairs an answer with the offered line (RFC 4568 §4.1). */
  public int tag() {
    return tag;
  }

  public SrtpProfile suite() {
    return suite;
  }

  /** The key parameters, at least one; more than one only with MKIs. */
  public List<SdesKey> keys() {
    return keys;
  }

  /** The first (usually only) key. */
  public SdesKey key() {
    return keys.get(0);
  }

  /** The session parameters as written, such as {@code WSH=128} or {@code UNENCRYPTED_SRTCP}. */
  public List<String> sessionParams() {
    return sessionParams;
  }

  /** The attribute value, without {@code a=crypto:}; it contains the key in the clear. */
  public String format() {
    StringBuilder b = new StringBuilder(96).append(tag).append(' ').append(suite.sdesName());
    char separator = ' ';
    for (SdesKey k : keys) {
      b.append(separator).append("inline:");
      separator = ';';
      byte[] key = k.masterKey().key();
      byte[] salt = k.masterKey().salt();
      byte[] both = new byte[key.length + salt.length];
      System.arraycopy(key, 0, both, 0, key.length);
      System.arraycopy(salt, 0, both, key.length, salt.length);
      b.append(Base64.getEncoder().encodeToString(both));
      if (k.lifetime().isPresent()) {
        long lifetime = k.lifetime().getAsLong();
        // RFC 4568 §6.1 allows "2^n" for powers of two; it is how lifetimes are usually written.
        b.append('|')
            .append(
                Long.bitCount(lifetime) == 1
                    ? "2^" + Long.numberOfTrailingZeros(lifetime)
                    : Long.toString(lifetime));
      }
      if (k.hasMki()) {
        b.append('|').append(k.mkiValue()).append(':').append(k.mkiLength());
      }
    }
    for (String p : sessionParams) {
      b.append(' ').append(p);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "CryptoAttribute[tag="
        + tag
        + ", "
        + suite
        + ", "
        + keys.size()
        + (keys.size() == 1 ? " key" : " keys")
        + " redacted"
        + (sessionParams.isEmpty() ? "" : ", " + String.join(" ", sessionParams))
        + "]";
  }

  /** What {@link #parse} made of a value. */
  public sealed interface ParseResult permits Parsed, Invalid {}

  /** A well-formed value for a supported suite. */
  public record Parsed(CryptoAttribute attribute) implements ParseResult {}

  /**
   * A value that does not parse, or names a suite sipher does not implement; {@code reason} says
   * which and never contains key material.
   */
  public record Invalid(String reason) implements ParseResult {}
}
