package io.sipher.media.sdp;

import java.util.Objects;

/**
 * The {@code o=} line (RFC 8866 §5.2): who made the description and which version of it this is.
 * RFC 3264 §8 requires every later description from the same party to repeat it with only {@code
 * sessionVersion} changed, one higher whenever the content changed.
 *
 * @param sessionId digits, kept as text because only equality matters
 */
public record Origin(
    String username,
    String sessionId,
    long sessionVersion,
    String netType,
    String addrType,
    String address) {

  public Origin {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(netType, "netType");
    Objects.requireNonNull(addrType, "addrType");
    Objects.requireNonNull(address, "address");
    if (sessionVersion < 0) {
      throw new IllegalArgumentException("negative session version");
    }
  }

  /** The same origin with another version. */
  public Origin withVersion(long version) {
    return new Origin(username, sessionId, version, netType, addrType, address);
  }

  /** The value of the line, after {@code o=}. */
  public String value() {
    return username
        + ' '
        + sessionId
        + ' '
        + sessionVersion
        + ' '
        + netType
        + ' '
        + addrType
        + ' '
        + address;
  }
}
