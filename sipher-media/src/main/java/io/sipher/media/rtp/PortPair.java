package io.sipher.media.rtp;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

/** Binds the RTP and RTCP sockets of a session. */
final class PortPair {
  private static final int ATTEMPTS = 64;

  final DatagramChannel rtp;
  final DatagramChannel rtcp;

  private PortPair(DatagramChannel rtp, DatagramChannel rtcp) {
    this.rtp = rtp;
    this.rtcp = rtcp;
  }

  /**
   * Binds {@code rtpPort} and the next port, or with {@code rtpPort} 0 an ephemeral even port and
   * the odd one after it (RFC 3550 §11).
   */
  static PortPair bind(InetAddress address, int rtpPort) throws IOException {
    if (rtpPort != 0) {
      DatagramChannel rtp = bindOne(address, rtpPort);
      try {
        return new PortPair(rtp, bindOne(address, rtpPort + 1));
      } catch (IOException e) {
        rtp.close();
        throw e;
      }
    }
    for (int i = 0; i < ATTEMPTS; i++) {
      DatagramChannel rtp = bindOne(address, 0);
      int port = ((InetSocketAddress) rtp.getLocalAddress()).getPort();
      if (port % 2 == 0 && port < 65535) {
        try {
          return new PortPair(rtp, bindOne(address, port + 1));
        } catch (IOException e) {
          // taken: try another pair
        }
      }
      rtp.close();
    }
    throw new IOException("no free even/odd UDP port pair on " + address);
  }

  private static DatagramChannel bindOne(InetAddress address, int port) throws IOException {
    ProtocolFamily family =
        address instanceof Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    DatagramChannel channel = DatagramChannel.open(family);
    try {
      return channel.bind(new InetSocketAddress(address, port));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }
}
