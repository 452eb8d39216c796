package io.sipher.media.sdes;

import io.sipher.media.srtp.MasterKey;
import java.util.OptionalLong;

/**
 * One SRTP key parameter of an SDES crypto attribute (RFC 4568 §6.1): the inline master key and
 * salt, its optional lifetime (kept in the {@link MasterKey}) and its optional MKI. {@link
 * #toString()} never shows the key.
 */
public final class SdesKey {
  private final MasterKey masterKey;
  private final long mkiValue;
  private final int mkiLength;

  private SdesKey(MasterKey masterKey, long mkiValue, int mkiLength) {
    this.masterKey = masterKey;
    this.mkiValue = mkiValue;
    this.mkiLength = mkiLength;
  }

  /** A key without MKI. */
  public static SdesKey of(MasterKey masterKey) {
    return new SdesKey(masterKey, 0, 0);
  }

  /**
   * A key with an MKI of {@code mkiValue}, sent in {@code mkiLength} octets (1..128).
   *
   * @throws IllegalArgumentException if the length is out of range or the value does not fit it
   */
  public static SdesKey of(MasterKey masterKey, long mkiValue, int mkiLength) {
    if (mkiLength < 1 || mkiLength > 128) {
      throw new IllegalArgumentException("MKI length must be 1..128 octets: " + mkiLength);
    }
    if (mkiValue < 0 || (mkiLength < 8 && mkiValue >>> (8 * mkiLength) != 0)) {
      throw new IllegalArgumentException(
          "MKI " + mkiValue + " does not fit " + mkiLength + " octets");
    }
    return new SdesKey(masterKey, mkiValue, mkiLength);
  }

  public MasterKey masterKey() {
    return masterKey;
  }

  /** The lifetime in packets, if the line gave one. */
  public OptionalLong lifetime() {
    return masterKey.lifetime();
  }

  public boolean hasMki() {
    return mkiLength != 0;
  }

  /** The MKI value; meaningful only if {@link #hasMki()}. */
  public long mkiValue() {
    return mkiValue;
  }

  /** The MKI length in octets, or 0 without MKI. */
  public int mkiLength() {
    return mkiLength;
  }

  @Override
  public String toString() {
    return "SdesKey[" + masterKey + (hasMki() ? ", MKI " + mkiValue + ":" + mkiLength : "") + "]";
  }
}
