package io.sipher.media.sdp;

import java.util.Optional;

/**
 * The {@code a=rtcp:<port> [<nettype> <addrtype> <connection-address>]} attribute of RFC 3605 §2.1:
 * where RTCP goes when it is not the RTP port plus one, as happens behind a NAT.
 *
 * @param connection the address, or null when RTCP goes to the stream's own address
 */
public record RtcpAttribute(int port, Connection connection) {

  public RtcpAttribute {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** Parses the attribute value; empty when it is not valid. */
  public static Optional<RtcpAttribute> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.trim().split(" +");
    long port = Numbers.parse(parts[0], 65535);
    if (port < 0) {
      return Optional.empty();
    }
    if (parts.length == 1) {
      return Optional.of(new RtcpAttribute((int) port, null));
    }
    if (parts.length != 4) {
      return Optional.empty();
    }
    Connection c = new Connection(parts[1], parts[2], parts[3]);
    return Optional.of(new RtcpAttribute((int) port, c));
  }

  /** The attribute value, after {@code a=rtcp:}. */
  public String value() {
    return connection == null ? Integer.toString(port) : port + " " + connection.value();
  }
}
