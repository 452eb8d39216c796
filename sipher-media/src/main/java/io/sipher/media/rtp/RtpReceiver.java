package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException;
import io.sipher.media.audio.G711;
import io.sipher.media.sdp.Direction;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles datagrams from the session's sockets, on the receive thread: checks the source, removes
 * the transform, parses, validates sequence numbers and feeds the jitter buffer. Nothing a peer
 * sends can make it throw: every refusal is counted and the packet dropped.
 */
final class RtpReceiver {
  private static final Logger log = LoggerFactory.getLogger(RtpReceiver.class);

  private final RtpStreamConfig config;
  private final RtpSender sender;
  private final JitterBuffer jitterBuffer;
  private final SessionCounters counters;
  private final LongSupplier nanoClock;
  private volatile Consumer<TelephoneEvent> eventListener = e -> {};
  private volatile Direction direction;

  private volatile InetSocketAddress latchedRtp;
  private volatile InetSocketAddress latchedRtcp;
  private volatile RtpStatistics statistics;
  private long lastEventTimestamp = -1;

  // From the peer's RTCP, read by the reporter and for status.
  private volatile long lastSrCompact;
  private volatile long lastSrArrivalNanos;
  private volatile ReportBlock remoteReport;
  private volatile boolean remoteBye;

  RtpReceiver(
      RtpStreamConfig config,
      RtpSender sender,
      JitterBuffer jitterBuffer,
      SessionCounters counters,
      LongSupplier nanoClock) {
    this.config = config;
    this.sender = sender;
    this.jitterBuffer = jitterBuffer;
    this.counters = counters;
    this.nanoClock = nanoClock;
    this.direction = config.direction();
  }

  void eventListener(Consumer<TelephoneEvent> listener) {
    eventListener = listener;
  }

  void direction(Direction value) {
    direction = value;
  }

  /** A datagram on the RTP port; with rtcp-mux it may be RTCP (RFC 5761 §4). */
  void onRtpPort(byte[] data, int length, InetSocketAddress from) {
    if (config.rtcpMux() && length >= 2) {
      int type = data[1] & 0xFF;
      if (type >= 192 && type <= 223) {
        onRtcp(data, length, from);
        return;
      }
    }
    onRtp(data, length, from);
  }

  private void onRtp(byte[] data, int length, InetSocketAddress from) {
    if (!fromPeer(from, latchedRtp, config.remoteRtp())) {
      counters.unexpectedSource.increment();
      return;
    }
    RtpPacket packet;
    try {
      byte[] plain = config.transform().unprotectRtp(data, length);
      packet = RtpPacket.parse(plain, plain.length);
    } catch (PacketRejectedException e) {
      counters.reject(e.reason());
      log.debug("RTP from {} rejected: {}", from, e.getMessage());
      return;
    }
    if (config.latching() && latchedRtp == null) {
      latchedRtp = from;
      sender.destination(from);
      log.debug("RTP latched to {}", from);
    }
    int pt = packet.payloadType();
    boolean audio = pt == config.receivePayloadType() || pt == config.payloadType();
    boolean event =
        pt >= 96
            && (pt == config.telephoneEventReceivePayloadType()
                || pt == config.telephoneEventPayloadType());
    if (!audio && !event) {
      counters.unknownPayloadType.increment();
      return;
    }
    long nanos = nanoClock.getAsLong();
    RtpStatistics stats = statistics;
    if (stats == null || stats.ssrc() != packet.ssrc()) {
      // A new source (or the peer changed SSRC): fresh statistics and playout.
      stats = new RtpStatistics(packet.ssrc(), packet.sequenceNumber());
      statistics = stats;
      jitterBuffer.reset();
    }
    // Event timestamps mark the event's start, not the sampling instant: no jitter from them.
    long arrival = nanos / (1_000_000_000L / G711.CLOCK_RATE);
    boolean valid =
        audio
            ? stats.onPacket(packet.sequenceNumber(), packet.timestamp(), arrival)
            : stats.onPacket(packet.sequenceNumber());
    if (!valid) {
      counters.notValidYet.increment();
      return;
    }
    counters.packetsReceived.increment();
    if (!direction.receives()) {
      return;
    }
    if (audio) {
      short[] samples = new short[packet.payloadLength()];
      byte[] body = packet.payload();
      config.codec().decode(body, 0, body.length, samples, 0);
      jitterBuffer.put(packet.timestamp(), samples, nanos / 1_000_000);
    } else {
      onEvent(packet);
    }
  }

  /** Reports each event once, when its first packet arrives (RFC 4733 §2.5.2). */
  private void onEvent(RtpPacket packet) {
    if (packet.timestamp() == lastEventTimestamp) {
      return;
    }
    try {
      byte[] body = packet.payload();
      TelephoneEvent e = TelephoneEvent.parse(body, 0, body.length);
      lastEventTimestamp = packet.timestamp();
      eventListener.accept(e);
    } catch (PacketRejectedException e) {
      counters.reject(e.reason());
    } catch (RuntimeException e) {
      log.warn("telephone-event listener failed", e);
    }
  }

  void onRtcp(byte[] data, int length, InetSocketAddress from) {
    InetSocketAddress expected = config.rtcpMux() ? config.remoteRtp() : config.remoteRtcp();
    InetSocketAddress latched = config.rtcpMux() ? latchedRtp : latchedRtcp;
    if (!fromPeer(from, latched, expected)) {
      counters.unexpectedSource.increment();
      return;
    }
    List<RtcpPacket> packets;
    try {
      byte[] plain = config.transform().unprotectRtcp(data, length);
      packets = RtcpCodec.parse(plain, plain.length);
    } catch (PacketRejectedException e) {
      counters.reject(e.reason());
      log.debug("RTCP from {} rejected: {}", from, e.getMessage());
      return;
    }
    if (config.latching() && !config.rtcpMux() && latchedRtcp == null) {
      latchedRtcp = from;
    }
    counters.rtcpReceived.increment();
    for (RtcpPacket p : packets) {
      if (p instanceof RtcpPacket.SenderReport sr) {
        lastSrCompact = sr.compactNtp();
        lastSrArrivalNanos = nanoClock.getAsLong();
        ourReport(sr.reports());
      } else if (p instanceof RtcpPacket.ReceiverReport rr) {
        ourReport(rr.reports());
      } else if (p instanceof RtcpPacket.Bye) {
        remoteBye = true;
      }
    }
  }

  private void ourReport(List<ReportBlock> blocks) {
    for (ReportBlock b : blocks) {
      if (b.ssrc() == sender.ssrc()) {
        remoteReport = b;
      }
    }
  }

  /**
   * Whether a packet comes from the peer: the latched address once there is one; before that,
   * anything when latching (the transform decides), else only the signalled address.
   */
  private boolean fromPeer(
      InetSocketAddress from, InetSocketAddress latched, InetSocketAddress expected) {
    if (latched != null) {
      return latched.equals(from);
    }
    return config.latching() || expected.equals(from);
  }

  /** Where RTCP goes: the latched source when there is one (RFC 4961), else the signalled one. */
  InetSocketAddress rtcpDestination() {
    InetSocketAddress latched = config.rtcpMux() ? latchedRtp : latchedRtcp;
    return latched != null ? latched : config.remoteRtcp();
  }

  /** A reception report on the peer for our next RTCP packet, if we heard it. */
  ReportBlock reportBlock() {
    RtpStatistics stats = statistics;
    if (stats == null || stats.received() == 0) {
      return null;
    }
    long lsr = lastSrCompact;
    long dlsr = lsr == 0 ? 0 : NtpTime.toUnits65536(nanoClock.getAsLong() - lastSrArrivalNanos);
    return stats.report(lsr, dlsr);
  }

  RtpStatistics statistics() {
    return statistics;
  }

  ReportBlock remoteReport() {
    return remoteReport;
  }

  boolean remoteBye() {
    return remoteBye;
  }
}
