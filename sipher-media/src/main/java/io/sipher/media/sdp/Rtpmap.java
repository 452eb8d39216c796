package io.sipher.media.sdp;

import java.util.Optional;

/**
 * An {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]} value
 * (RFC 8866 §6.6). For audio the encoding parameters are the channel count, absent meaning one.
 *
 * @param parameters the text after the second slash, or null
 */
public record Rtpmap(int payloadType, String encoding, int clockRate, String parameters) {

  public Rtpmap {
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type out of range: " + payloadType);
    }
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate must be positive: " + clockRate);
    }
  }

  /** Parses the attribute value; empty when it is not a valid rtpmap. */
  public static Optional<Rtpmap> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    int space = value.indexOf(' ');
    if (space <= 0) {
      return Optional.empty();
    }
    String[] parts = value.substring(space + 1).trim().split("/", 3);
    long pt = Numbers.parse(value.substring(0, space), 127);
    long rate = parts.length >= 2 ? Numbers.parse(parts[1], 1_000_000_000) : -1;
    if (pt < 0 || rate <= 0 || parts[0].isEmpty()) {
      return Optional.empty();
    }
    String params = parts.length == 3 ? parts[2] : null;
    return Optional.of(new Rtpmap((int) pt, parts[0], (int) rate, params));
  }

  /** The channel count, 1 unless the parameters say otherwise. */
  public int channels() {
    if (parameters == null) {
      return 1;
    }
    long n = Numbers.parse(parameters, 255);
    return n < 0 ? 0 : (int) n;
  }

  /** Whether this names the encoding at the clock rate, ignoring case (RFC 4855 §3). */
  public boolean is(String encodingName, int rate) {
    return encoding.equalsIgnoreCase(encodingName) && clockRate == rate;
  }

  /** The attribute value, after {@code a=rtpmap:}. */
  public String value() {
    return payloadType
        + " "
        + encoding
        + '/'
        + clockRate
        + (parameters == null ? "" : "/" + parameters);
  }
}
