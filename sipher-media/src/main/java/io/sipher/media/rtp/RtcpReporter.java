package io.sipher.media.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and sends our RTCP compound packets (RFC 3550 §6.1): SR or RR first, then SDES with the
 * CNAME, and BYE last when leaving. Runs on the session's scheduler thread, like the sender.
 */
final class RtcpReporter {
  private final RtpStreamConfig config;
  private final RtpSender sender;
  private final RtpReceiver receiver;
  private final SessionCounters counters;
  private final DatagramChannel channel;
  private long packetsAtLastReport;
  private long packetsAtReportBefore;

  RtcpReporter(
      RtpStreamConfig config,
      RtpSender sender,
      RtpReceiver receiver,
      SessionCounters counters,
      DatagramChannel channel) {
    this.config = config;
    this.sender = sender;
    this.receiver = receiver;
    this.counters = counters;
    this.channel = channel;
  }

  void send(boolean bye) throws IOException {
    InetSocketAddress destination = receiver.rtcpDestination();
    if (destination.getAddress().isAnyLocalAddress()) {
      // c=0.0.0.0: send neither RTP nor RTCP (RFC 3264 §8.4).
      return;
    }
    byte[] plain = RtcpCodec.write(compound(bye));
    byte[] wire = config.transform().protectRtcp(plain, plain.length);
    if (channel.send(ByteBuffer.wrap(wire), destination) > 0) {
      counters.rtcpSent.increment();
    }
  }

  List<RtcpPacket> compound(boolean bye) {
    long sent = counters.packetsSent.get();
    // A participant is a sender if it sent RTP since the report before the last one (§6.4).
    boolean active = sent > packetsAtReportBefore;
    packetsAtReportBefore = packetsAtLastReport;
    packetsAtLastReport = sent;
    ReportBlock block = receiver.reportBlock();
    List<ReportBlock> blocks = block == null ? List.of() : List.of(block);
    long ssrc = sender.ssrc();
    List<RtcpPacket> packets = new ArrayList<>(3);
    if (active) {
      packets.add(
          new RtcpPacket.SenderReport(
              ssrc,
              NtpTime.of(Instant.now()),
              sender.currentTimestamp(),
              sent & 0xFFFFFFFFL,
              counters.octetsSent.get() & 0xFFFFFFFFL,
              blocks));
    } else {
      packets.add(new RtcpPacket.ReceiverReport(ssrc, blocks));
    }
    packets.add(RtcpPacket.SourceDescription.cname(ssrc, config.cname()));
    if (bye) {
      packets.add(new RtcpPacket.Bye(List.of(ssrc), null));
    }
    return packets;
  }
}
