package io.sipher.media.rtp;

import io.sipher.media.MediaTransform;
import io.sipher.media.audio.G711;
import io.sipher.media.sdp.Direction;
import io.sipher.media.sdp.NegotiatedStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/**
 * How an {@link RtpSession} runs one negotiated audio stream.
 *
 * @param payloadType the codec's payload type in packets we send
 * @param receivePayloadType the codec's payload type in packets we accept (often the same)
 * @param telephoneEventPayloadType RFC 4733 events we send, or -1 for none
 * @param telephoneEventReceivePayloadType RFC 4733 events we accept, or -1 for none
 * @param remoteRtp where RTP goes, and where it must come from unless latching
 * @param remoteRtcp where RTCP goes; ignored with rtcp-mux
 * @param latching learn the peer's RTP (and RTCP) source from the first packet that passes the
 *     transform, and send there from then on: for a peer behind a NAT whose signalled address is
 *     not where its packets come from. Without it, packets from elsewhere are dropped.
 * @param jitterDepthMillis the playout delay of the jitter buffer
 * @param rtcpInterval the mean time between RTCP reports, 5 s in RFC 3550 §6.2
 * @param cname the RTCP CNAME (RFC 3550 §6.5.1)
 */
public record RtpStreamConfig(
    G711 codec,
    int payloadType,
    int receivePayloadType,
    int telephoneEventPayloadType,
    int telephoneEventReceivePayloadType,
    Direction direction,
    InetSocketAddress remoteRtp,
    InetSocketAddress remoteRtcp,
    boolean rtcpMux,
    MediaTransform transform,
    boolean latching,
    int jitterDepthMillis,
    Duration rtcpInterval,
    String cname) {

  /** The playout delay by default: three frames. */
  public static final int DEFAULT_JITTER_DEPTH_MILLIS = 60;

  /** The RTCP report interval by default (RFC 3550 §6.2 minimum). */
  public static final Duration DEFAULT_RTCP_INTERVAL = Duration.ofSeconds(5);

  public RtpStreamConfig {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(remoteRtp, "remoteRtp");
    Objects.requireNonNull(transform, "transform");
    Objects.requireNonNull(rtcpInterval, "rtcpInterval");
    Objects.requireNonNull(cname, "cname");
    remoteRtcp = rtcpMux || remoteRtcp == null ? remoteRtp : remoteRtcp;
    if (jitterDepthMillis < 0 || rtcpInterval.isNegative() || rtcpInterval.isZero()) {
      throw new IllegalArgumentException("negative jitter depth or RTCP interval");
    }
  }

  /**
   * The configuration for a negotiated stream: default jitter depth and RTCP interval, no latching,
   * a random CNAME (RFC 7022 §4.2: a per-session random one keeps hosts unlinkable).
   */
  public static RtpStreamConfig of(NegotiatedStream stream, MediaTransform transform) {
    G711 codec =
        G711.byName(stream.encoding())
            .orElseThrow(() -> new IllegalArgumentException("no codec " + stream.encoding()));
    return new RtpStreamConfig(
        codec,
        stream.payloadType(),
        stream.receivePayloadType(),
        stream.telephoneEvent().orElse(-1),
        stream.telephoneEventReceive().orElse(-1),
        stream.direction(),
        stream.remoteRtp(),
        stream.remoteRtcp(),
        stream.rtcpMux(),
        transform,
        false,
        DEFAULT_JITTER_DEPTH_MILLIS,
        DEFAULT_RTCP_INTERVAL,
        randomCname());
  }

  public RtpStreamConfig withLatching(boolean value) {
    return new RtpStreamConfig(
        codec,
        payloadType,
        receivePayloadType,
        telephoneEventPayloadType,
        telephoneEventReceivePayloadType,
        direction,
        remoteRtp,
        remoteRtcp,
        rtcpMux,
        transform,
        value,
        jitterDepthMillis,
        rtcpInterval,
        cname);
  }

  public RtpStreamConfig withJitterDepthMillis(int value) {
    return new RtpStreamConfig(
        codec,
        payloadType,
        receivePayloadType,
        telephoneEventPayloadType,
        telephoneEventReceivePayloadType,
        direction,
        remoteRtp,
        remoteRtcp,
        rtcpMux,
        transform,
        latching,
        value,
        rtcpInterval,
        cname);
  }

  public RtpStreamConfig withRtcpInterval(Duration value) {
    return new RtpStreamConfig(
        codec,
        payloadType,
        receivePayloadType,
        telephoneEventPayloadType,
        telephoneEventReceivePayloadType,
        direction,
        remoteRtp,
        remoteRtcp,
        rtcpMux,
        transform,
        latching,
        jitterDepthMillis,
        value,
        cname);
  }

  /** The same configuration with other peer endpoints, e.g. once resolved. */
  RtpStreamConfig withRemotes(InetSocketAddress rtp, InetSocketAddress rtcp) {
    return new RtpStreamConfig(
        codec,
        payloadType,
        receivePayloadType,
        telephoneEventPayloadType,
        telephoneEventReceivePayloadType,
        direction,
        rtp,
        rtcp,
        rtcpMux,
        transform,
        latching,
        jitterDepthMillis,
        rtcpInterval,
        cname);
  }

  /** A random 16-character CNAME. */
  public static String randomCname() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
