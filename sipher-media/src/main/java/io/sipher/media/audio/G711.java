package io.sipher.media.audio;

import java.util.Locale;
import java.util.Optional;

/**
 * ITU-T G.711 companding of 16-bit linear PCM, the two static RTP audio formats of RFC 3551 §4.5.14
 * (PCMU, payload type 0; PCMA, payload type 8), one octet per sample at 8,000 Hz.
 *
 * <p>Hand-written rather than converted through {@code javax.sound.sampled}: the media path codes
 * one 160-sample frame every 20 ms, and a stream conversion per frame allocates streams and buffers
 * each time; these are a few shifts per sample and a 256-entry decode table. The tests check the
 * decode tables against the JDK's converter, and the encoders against the quantisation bound.
 * Unlike the JDK's µ-law encoder, samples beyond the clip level saturate instead of wrapping.
 */
public enum G711 {
  /** µ-law (North America, Japan). */
  PCMU(0, "PCMU"),
  /** A-law (rest of the world). */
  PCMA(8, "PCMA");

  /** Samples per second of both laws. */
  public static final int CLOCK_RATE = 8000;

  // µ-law works on magnitudes biased by 33 in 14-bit terms (132 in 16-bit terms), clipped so that
  // the biased value stays within 15 bits (G.711 Table 2a).
  private static final int ULAW_BIAS = 0x84;
  private static final int ULAW_CLIP = 32635;

  private static final short[] ULAW_DECODE = new short[256];
  private static final short[] ALAW_DECODE = new short[256];

  static {
    for (int code = 0; code < 256; code++) {
      ULAW_DECODE[code] = ulawDecode(code);
      ALAW_DECODE[code] = alawDecode(code);
    }
  }

  private final int payloadType;
  private final String encodingName;

  G711(int payloadType, String encodingName) {
    this.payloadType = payloadType;
    this.encodingName = encodingName;
  }

  /** The static payload type of RFC 3551 Table 4. */
  public int payloadType() {
    return payloadType;
  }

  /** The encoding name used in {@code a=rtpmap}. */
  public String encodingName() {
    return encodingName;
  }

  /** The law with this rtpmap encoding name (case-insensitive), if any. */
  public static Optional<G711> byName(String encodingName) {
    String upper = encodingName.toUpperCase(Locale.ROOT);
    for (G711 law : values()) {
      if (law.encodingName.equals(upper)) {
        return Optional.of(law);
      }
    }
    return Optional.empty();
  }

  /** Compresses one sample. */
  public byte encode(short sample) {
    return this == PCMU ? ulawEncode(sample) : alawEncode(sample);
  }

  /** Expands one code. */
  public short decode(byte code) {
    return (this == PCMU ? ULAW_DECODE : ALAW_DECODE)[code & 0xFF];
  }

  /** Compresses {@code count} samples from {@code pcm[offset..]} into {@code out[outOffset..]}. */
  public void encode(short[] pcm, int offset, int count, byte[] out, int outOffset) {
    for (int i = 0; i < count; i++) {
      out[outOffset + i] = encode(pcm[offset + i]);
    }
  }

  /** Expands {@code count} codes from {@code in[offset..]} into {@code out[outOffset..]}. */
  public void decode(byte[] in, int offset, int count, short[] out, int outOffset) {
    short[] table = this == PCMU ? ULAW_DECODE : ALAW_DECODE;
    for (int i = 0; i < count; i++) {
      out[outOffset + i] = table[in[offset + i] & 0xFF];
    }
  }

  private static byte ulawEncode(short sample) {
    int magnitude = sample;
    int sign = 0;
    if (magnitude < 0) {
      magnitude = -magnitude;
      sign = 0x80;
    }
    magnitude = Math.min(magnitude, ULAW_CLIP) + ULAW_BIAS;
    // The segment (exponent) is the position of the highest set bit above bit 7.
    int exponent = 7;
    for (int bit = 0x4000; (magnitude & bit) == 0 && exponent > 0; bit >>= 1) {
      exponent--;
    }
    int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
    // Codes are transmitted inverted (G.711 §3.3).
    return (byte) ~(sign | (exponent << 4) | mantissa);
  }

  private static short ulawDecode(int code) {
    int u = ~code & 0xFF;
    int exponent = (u >> 4) & 0x07;
    int mantissa = u & 0x0F;
    int magnitude = (((mantissa << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
    return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
  }

  private static byte alawEncode(short sample) {
    int x = sample;
    int mask;
    if (x >= 0) {
      mask = 0xD5; // sign bit set for positive values, even bits inverted (G.711 §2.3)
    } else {
      mask = 0x55;
      x = ~x; // one's complement, as the ITU-T G.191 reference does: -1 maps to 0
    }
    x >>= 3; // 13-bit A-law input: a 12-bit magnitude
    int segment = 0;
    for (int v = x >> 5; v != 0; v >>= 1) {
      segment++;
    }
    int mantissa = segment < 2 ? (x >> 1) & 0x0F : (x >> segment) & 0x0F;
    return (byte) (((segment << 4) | mantissa) ^ mask);
  }

  private static short alawDecode(int code) {
    int a = code ^ 0x55;
    int segment = (a >> 4) & 0x07;
    int mantissa = a & 0x0F;
    // Reconstruct at the middle of the quantisation interval.
    int magnitude = segment == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (segment - 1);
    return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
  }
}
