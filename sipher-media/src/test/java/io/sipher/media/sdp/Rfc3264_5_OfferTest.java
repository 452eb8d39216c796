package io.sipher.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3264 §5: the offer we make for one audio stream. */
class Rfc3264_5_OfferTest {
  private static final String CRYPTO =
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

  @Test
  void plainOffer() throws Exception {
    AudioNegotiator alice =
        new AudioNegotiator(LocalAudio.of(InetAddress.getByName("192.0.2.10"), 49170));
    SessionDescription offer = alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    String v = Long.toString(offer.origin().sessionVersion());
    assertThat(offer.toString())
        .isEqualTo(
            "v=0\r\n"
                + "o=- "
                + offer.origin().sessionId()
                + " "
                + v
                + " IN IP4 192.0.2.10\r\n"
                + "s=-\r\n"
                + "c=IN IP4 192.0.2.10\r\n"
                + "t=0 0\r\n"
                + "m=audio 49170 RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n");
    // What we write, we parse back to the same value.
    assertThat(Rfc8866_5_SdpParserTest.parse(offer.toString())).isEqualTo(offer);
  }

  @Test
  void secureIpv6OfferWithMuxAndCodecChoice() throws Exception {
    LocalAudio local =
        LocalAudio.of(InetAddress.getByName("2001:db8::10"), 5004)
            .withRtcpMux(true)
            .withCodecs(List.of("pcma"))
            .withTelephoneEvent(-1);
    SessionDescription offer =
        new AudioNegotiator(local).createOffer("RTP/SAVP", Direction.RECVONLY, List.of(CRYPTO));
    assertThat(offer.toString())
        .contains("c=IN IP6 2001:db8::10\r\n")
        .endsWith(
            "m=audio 5004 RTP/SAVP 8\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=ptime:20\r\n"
                + "a=recvonly\r\n"
                + "a=rtcp-mux\r\n"
                + "a=crypto:"
                + CRYPTO
                + "\r\n");
  }

  @Test
  void badRequestsAreRefused() throws Exception {
    AudioNegotiator n = new AudioNegotiator(LocalAudio.of(InetAddress.getLoopbackAddress(), 4000));
    assertThatThrownBy(() -> n.createOffer("RTP/SAVP", Direction.SENDRECV, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> n.createOffer("RTP/SAVPF", Direction.SENDRECV, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> LocalAudio.of(InetAddress.getLoopbackAddress(), 4000).withCodecs(List.of("G729")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> LocalAudio.of(InetAddress.getLoopbackAddress(), 4000).withTelephoneEvent(13))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
