package io.sipher.media.sdp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The audio stream both ends agreed on: what the RTP session needs to run it.
 *
 * <p>Payload types come in pairs because RFC 3264 §6.1 lets the answerer use other numbers than the
 * offerer for the same codec: each end sends with the numbers the other end's description gave.
 * When we answer, both are the offerer's numbers.
 *
 * @param proto {@code RTP/AVP} or {@code RTP/SAVP}
 * @param encoding {@code PCMU} or {@code PCMA}
 * @param clockRate RTP timestamp rate, 8,000 for G.711
 * @param payloadType the codec's number in packets we send
 * @param receivePayloadType the codec's number in packets we receive
 * @param telephoneEvent RFC 4733 events' number in packets we send, if negotiated
 * @param telephoneEventReceive RFC 4733 events' number in packets we receive, if negotiated
 * @param remotePtime the packet time the peer asked for in ms, 0 when it did not say
 * @param direction our direction: whether we send and whether we receive
 * @param remoteRtp where to send RTP; unresolved when the peer gave a host name
 * @param remoteRtcp where to send RTCP: the RTP endpoint with rtcp-mux, else the RFC 3605 {@code
 *     a=rtcp} endpoint, else the RTP port plus one
 * @param rtcpMux whether RTP and RTCP share one port (RFC 5761)
 * @param localCrypto the {@code a=crypto} values we sent (all offered ones, or the answered one)
 * @param remoteCrypto the {@code a=crypto} values the peer sent
 */
public record NegotiatedStream(
    String proto,
    String encoding,
    int clockRate,
    int payloadType,
    int receivePayloadType,
    OptionalInt telephoneEvent,
    OptionalInt telephoneEventReceive,
    int remotePtime,
    Direction direction,
    InetSocketAddress remoteRtp,
    InetSocketAddress remoteRtcp,
    boolean rtcpMux,
    List<String> localCrypto,
    List<String> remoteCrypto) {

  public NegotiatedStream {
    Objects.requireNonNull(proto, "proto");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(telephoneEvent, "telephoneEvent");
    Objects.requireNonNull(telephoneEventReceive, "telephoneEventReceive");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(remoteRtp, "remoteRtp");
    Objects.requireNonNull(remoteRtcp, "remoteRtcp");
    localCrypto = List.copyOf(localCrypto);
    remoteCrypto = List.copyOf(remoteCrypto);
  }

  /** Whether media is SRTP, keyed by the crypto values (RFC 4568). */
  public boolean secure() {
    return proto.equals(MediaDescription.RTP_SAVP);
  }
}
