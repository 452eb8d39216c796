package io.sipher.media.sdp;

import java.util.Objects;

/**
 * An {@code a=} line (RFC 8866 §5.13): a property attribute ({@code a=sendonly}, value null) or a
 * value attribute ({@code a=rtpmap:0 PCMU/8000}, value after the first colon).
 */
public record Attribute(String name, String value) {

  public Attribute {
    Objects.requireNonNull(name, "name");
  }

  /** A property attribute, without a value. */
  public static Attribute flag(String name) {
    return new Attribute(name, null);
  }

  /** Whether this has a value. */
  public boolean hasValue() {
    return value != null;
  }

  /** The text of the line after {@code a=}. */
  public String text() {
    return value == null ? name : name + ':' + value;
  }
}
