package io.sipher.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 3264 §7: the offerer reads the answer to its offer. */
class Rfc3264_7_AnswerProcessingTest {
  private static final String CRYPTO =
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

  private AudioNegotiator alice;

  @BeforeEach
  void offer() throws Exception {
    alice = new AudioNegotiator(LocalAudio.of(InetAddress.getByName("192.0.2.10"), 49170));
    alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
  }

  private static SessionDescription answer(String media) {
    return Rfc8866_5_SdpParserTest.parse(
        "v=0\r\no=bob 2808844564 2808844564 IN IP4 198.51.100.7\r\ns=-\r\n"
            + "c=IN IP4 198.51.100.7\r\nt=0 0\r\n"
            + media);
  }

  private NegotiatedStream accepted(SessionDescription answer) {
    Negotiation n = alice.processAnswer(answer);
    assertThat(n).isInstanceOf(Negotiation.Accepted.class);
    return ((Negotiation.Accepted) n).stream();
  }

  private String rejected(SessionDescription answer) {
    Negotiation n = alice.processAnswer(answer);
    assertThat(n).isInstanceOf(Negotiation.Rejected.class);
    return ((Negotiation.Rejected) n).reason();
  }

  @Test
  void negotiatedCodecEndpointsAndDirection() {
    NegotiatedStream s =
        accepted(
            answer(
                "m=audio 40000 RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=recvonly\r\n"));
    assertThat(s.encoding()).isEqualTo("PCMA");
    assertThat(s.clockRate()).isEqualTo(8000);
    assertThat(s.payloadType()).isEqualTo(8);
    assertThat(s.telephoneEvent()).isEqualTo(OptionalInt.of(101));
    assertThat(s.remoteRtp()).isEqualTo(new InetSocketAddress("198.51.100.7", 40000));
    assertThat(s.remoteRtcp()).isEqualTo(new InetSocketAddress("198.51.100.7", 40001));
    // The answerer only receives, so we only send.
    assertThat(s.direction()).isEqualTo(Direction.SENDONLY);
    assertThat(alice.current()).contains(s);
  }

  @Test
  void answerersOwnNumbersAreWhatWeSendWith() {
    NegotiatedStream s =
        accepted(answer("m=audio 40000 RTP/AVP 0 96\r\na=rtpmap:96 telephone-event/8000\r\n"));
    assertThat(s.telephoneEvent()).isEqualTo(OptionalInt.of(96));
    assertThat(s.telephoneEventReceive()).isEqualTo(OptionalInt.of(101));
    assertThat(s.telephoneEvent()).isNotEqualTo(OptionalInt.empty());
    assertThat(s.payloadType()).isZero();
  }

  @Test
  void answerWithoutTelephoneEvent() {
    assertThat(accepted(answer("m=audio 40000 RTP/AVP 0\r\n")).telephoneEvent()).isEmpty();
  }

  @Test
  void rejectionsAndBadAnswers() {
    assertThat(rejected(answer("m=audio 0 RTP/AVP 0\r\n")))
        .isEqualTo("the answerer rejected the audio stream");
    assertThat(alice.processAnswer(answer("m=audio 40000 RTP/AVP 0\r\n")))
        .isEqualTo(new Negotiation.Rejected("no offer is waiting for an answer"));
    alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    assertThat(rejected(answer("m=audio 40000 RTP/AVP 18\r\n")))
        .isEqualTo("the answer has none of the offered codecs");
    alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    assertThat(rejected(answer("m=audio 40000 RTP/SAVP 0\r\n"))).startsWith("the answer changed");
    alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    assertThat(rejected(answer("m=audio 40000 RTP/AVP 0\r\nm=video 0 RTP/AVP 31\r\n")))
        .contains("one m= line per offered one");
    alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    assertThat(
            rejected(
                Rfc8866_5_SdpParserTest.parse(
                    "v=0\r\no=b 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n")))
        .isEqualTo("the answer has no usable IN IP4/IP6 address");
  }

  @Test
  void secureExchangeHandsBothCryptoListsOver() throws Exception {
    alice.createOffer("RTP/SAVP", Direction.SENDRECV, List.of(CRYPTO, "2 other"));
    NegotiatedStream s =
        accepted(answer("m=audio 40000 RTP/SAVP 0\r\na=crypto:1 answered key\r\n"));
    assertThat(s.secure()).isTrue();
    assertThat(s.localCrypto()).containsExactly(CRYPTO, "2 other");
    assertThat(s.remoteCrypto()).containsExactly("1 answered key");
    alice.createOffer("RTP/SAVP", Direction.SENDRECV, List.of(CRYPTO));
    assertThat(rejected(answer("m=audio 40000 RTP/SAVP 0\r\n")))
        .isEqualTo("RTP/SAVP answer without a=crypto");
  }

  @Test
  void muxOnlyWhenBothSidesSaySo() throws Exception {
    AudioNegotiator mux =
        new AudioNegotiator(
            LocalAudio.of(InetAddress.getByName("192.0.2.10"), 49170).withRtcpMux(true));
    mux.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    Negotiation without = mux.processAnswer(answer("m=audio 40000 RTP/AVP 0\r\n"));
    assertThat(((Negotiation.Accepted) without).stream().rtcpMux()).isFalse();
    mux.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    Negotiation with = mux.processAnswer(answer("m=audio 40000 RTP/AVP 0\r\na=rtcp-mux\r\n"));
    NegotiatedStream s = ((Negotiation.Accepted) with).stream();
    assertThat(s.rtcpMux()).isTrue();
    assertThat(s.remoteRtcp()).isEqualTo(s.remoteRtp());
  }
}
