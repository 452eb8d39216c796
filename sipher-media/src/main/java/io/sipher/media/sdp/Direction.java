package io.sipher.media.sdp;

import java.util.Optional;

/**
 * The direction of a media stream from the point of view of the party whose description carries it
 * (RFC 8866 §6.7, RFC 3264 §5.1). {@link #SENDRECV} is the default when no direction attribute is
 * present at media or session level.
 */
public enum Direction {
  SENDRECV("sendrecv", true, true),
  SENDONLY("sendonly", true, false),
  RECVONLY("recvonly", false, true),
  INACTIVE("inactive", false, false);

  private final String attribute;
  private final boolean sends;
  private final boolean receives;

  Direction(String attribute, boolean sends, boolean receives) {
    this.attribute = attribute;
    this.sends = sends;
    this.receives = receives;
  }

  /** The attribute name: {@code sendrecv}, {@code sendonly}, {@code recvonly}, {@code inactive}. */
  public String attribute() {
    return attribute;
  }

  /** Whether this party sends media. */
  public boolean sends() {
    return sends;
  }

  /** Whether this party receives media. */
  public boolean receives() {
    return receives;
  }

  /** The direction with these capabilities. */
  public static Direction of(boolean sends, boolean receives) {
    if (sends) {
      return receives ? SENDRECV : SENDONLY;
    }
    return receives ? RECVONLY : INACTIVE;
  }

  /** The direction named by an attribute, if it is one. */
  public static Optional<Direction> fromAttribute(String name) {
    for (Direction d : values()) {
      if (d.attribute.equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The same stream seen from the other end: sendonly and recvonly swap. */
  public Direction reverse() {
    return of(receives, sends);
  }

  /** What both allow: each capability only if both have it. */
  public Direction intersect(Direction other) {
    return of(sends && other.sends, receives && other.receives);
  }

  /**
   * The direction to offer to put this stream on hold (RFC 3264 §8.4). Hold asks the other party to
   * stop sending, so the receive half is dropped: sendrecv becomes sendonly and recvonly becomes
   * inactive.
   */
  public Direction hold() {
    return of(sends, false);
  }

  /** The direction to offer to take a held stream off hold: receiving again. */
  public Direction resume() {
    return of(sends, true);
  }
}
