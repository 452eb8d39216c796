package io.sipher.media.sdp;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What this end offers and accepts for its one audio stream.
 *
 * @param address where we receive RTP; written as {@code IN IP4} or {@code IN IP6}
 * @param rtpPort our RTP port; RTCP is on the next port unless rtcp-mux is negotiated
 * @param username the {@code o=} username, "-" when there is none (RFC 8866 §5.2)
 * @param codecs G.711 encoding names in order of preference: {@code PCMU}, {@code PCMA}
 * @param telephoneEventPayloadType the dynamic payload type offered for RFC 4733 events, or -1 for
 *     none
 * @param rtcpMux whether to offer and accept RTP/RTCP multiplexing (RFC 5761)
 */
public record LocalAudio(
    InetAddress address,
    int rtpPort,
    String username,
    List<String> codecs,
    int telephoneEventPayloadType,
    boolean rtcpMux) {

  /** Static payload types of the codecs we know (RFC 3551 Table 4). */
  static final List<String> KNOWN_CODECS = List.of("PCMU", "PCMA");

  public LocalAudio {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(username, "username");
    if (rtpPort < 1 || rtpPort > 65535) {
      throw new IllegalArgumentException("RTP port out of range: " + rtpPort);
    }
    codecs = codecs.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
    if (codecs.isEmpty() || !KNOWN_CODECS.containsAll(codecs)) {
      throw new IllegalArgumentException("codecs must be among " + KNOWN_CODECS + ": " + codecs);
    }
    if (telephoneEventPayloadType != -1
        && (telephoneEventPayloadType < 96 || telephoneEventPayloadType > 127)) {
      throw new IllegalArgumentException("telephone-event needs a dynamic payload type (96-127)");
    }
  }

  /** PCMU then PCMA, telephone-event on 101, no rtcp-mux. */
  public static LocalAudio of(InetAddress address, int rtpPort) {
    return new LocalAudio(address, rtpPort, "-", KNOWN_CODECS, 101, false);
  }

  public LocalAudio withRtcpMux(boolean value) {
    return new LocalAudio(address, rtpPort, username, codecs, telephoneEventPayloadType, value);
  }

  public LocalAudio withCodecs(List<String> value) {
    return new LocalAudio(address, rtpPort, username, value, telephoneEventPayloadType, rtcpMux);
  }

  public LocalAudio withTelephoneEvent(int payloadType) {
    return new LocalAudio(address, rtpPort, username, codecs, payloadType, rtcpMux);
  }

  /** The static payload type of a known codec. */
  static int staticPayloadType(String codec) {
    return codec.equals("PCMU") ? 0 : 8;
  }
}
