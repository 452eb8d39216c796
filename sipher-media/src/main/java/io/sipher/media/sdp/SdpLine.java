package io.sipher.media.sdp;

import java.util.Objects;

/**
 * A line the model keeps as written without interpreting it: {@code i=}, {@code u=}, {@code e=},
 * {@code p=}, {@code z=} and the obsolete {@code k=} (RFC 8866 §5.4–5.6, §5.11, §5.12).
 */
public record SdpLine(char type, String value) {

  public SdpLine {
    Objects.requireNonNull(value, "value");
    if ("iuepzk".indexOf(type) < 0) {
      throw new IllegalArgumentException("not an uninterpreted SDP line type: " + type);
    }
  }
}
