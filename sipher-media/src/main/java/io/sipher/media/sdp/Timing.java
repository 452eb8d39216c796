package io.sipher.media.sdp;

import java.util.List;

/**
 * A {@code t=} line with the {@code r=} lines that repeat it (RFC 8866 §5.9, §5.10). SIP sessions
 * use {@code t=0 0}: permanent. Repeat lines are kept as written.
 */
public record Timing(long start, long stop, List<String> repeats) {

  /** {@code t=0 0}. */
  public static final Timing PERMANENT = new Timing(0, 0, List.of());

  public Timing {
    if (start < 0 || stop < 0) {
      throw new IllegalArgumentException("negative time");
    }
    repeats = List.copyOf(repeats);
  }

  /** The value of the {@code t=} line. */
  public String value() {
    return start + " " + stop;
  }
}
