package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException.Reason;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of an {@link RtpSession}'s counters.
 *
 * @param packetsSent RTP packets sent
 * @param packetsReceived valid RTP packets received from the peer (§A.1), duplicates included
 * @param packetsLost expected minus received, from the sequence numbers (RFC 3550 §A.3)
 * @param jitterMillis interarrival jitter of the peer's packets (§A.8)
 * @param rejected packets the transform or the RTP/RTCP parser refused, per reason
 * @param unexpectedSource packets from an address other than the peer's, dropped
 * @param unknownPayloadType packets with a payload type not negotiated, dropped
 * @param framesConcealed 20 ms frames played as silence because their audio was missing
 * @param packetsLate packets that arrived after their audio was due, dropped
 * @param remoteFractionLost the loss the peer last reported for our packets, 0 to 1, or -1 before
 *     its first report
 * @param remoteBye whether the peer sent an RTCP BYE
 */
public record RtpSessionStats(
    long packetsSent,
    long octetsSent,
    long packetsReceived,
    long packetsLost,
    double jitterMillis,
    Map<Reason, Long> rejected,
    long unexpectedSource,
    long unknownPayloadType,
    long rtcpSent,
    long rtcpReceived,
    long framesConcealed,
    long packetsLate,
    double remoteFractionLost,
    boolean remoteBye) {

  public RtpSessionStats {
    rejected = Map.copyOf(rejected);
  }

  /** Packets refused for any reason. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One line for a softphone's status display. */
  public String statusLine() {
    return String.format(
        Locale.ROOT,
        "sent %d, received %d, lost %d, jitter %.1f ms, rejected %d, late %d, concealed %d",
        packetsSent,
        packetsReceived,
        packetsLost,
        jitterMillis,
        rejectedTotal() + unexpectedSource,
        packetsLate,
        framesConcealed);
  }
}
