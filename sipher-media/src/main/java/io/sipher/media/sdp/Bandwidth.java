package io.sipher.media.sdp;

import java.util.Objects;

/** A {@code b=} line (RFC 8866 §5.8), e.g. {@code AS:64}: type and kilobits per second. */
public record Bandwidth(String type, long kbps) {

  public Bandwidth {
    Objects.requireNonNull(type, "type");
    if (kbps < 0) {
      throw new IllegalArgumentException("negative bandwidth");
    }
  }

  /** The value of the line, after {@code b=}. */
  public String value() {
    return type + ':' + kbps;
  }
}
