package io.sipher.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 3264 §6 and §6.1: answering an offer. Codec choice, payload type numbers, telephone-event,
 * the direction table, rejection with port 0, one answer line per offered line.
 */
class Rfc3264_6_1_AnswerTest {
  private static final String CRYPTO =
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

  static SessionDescription offer(String media) {
    return Rfc8866_5_SdpParserTest.parse(
        "v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=-\r\n"
            + "c=IN IP4 192.0.2.10\r\nt=0 0\r\n"
            + media);
  }

  private static AudioNegotiator bob() throws Exception {
    return new AudioNegotiator(LocalAudio.of(InetAddress.getByName("198.51.100.7"), 40000));
  }

  private static NegotiatedStream accepted(Answer a) {
    assertThat(a.negotiation()).isInstanceOf(Negotiation.Accepted.class);
    return ((Negotiation.Accepted) a.negotiation()).stream();
  }

  private static String rejected(Answer a) {
    assertThat(a.negotiation()).isInstanceOf(Negotiation.Rejected.class);
    return ((Negotiation.Rejected) a.negotiation()).reason();
  }

  @Test
  void firstSupportedCodecInTheOfferersOrderWithTelephoneEvent() throws Exception {
    SessionDescription offer =
        offer(
            "m=audio 49170 RTP/AVP 18 8 0 101\r\n"
                + "a=rtpmap:18 G729/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:30\r\n");
    Answer answer = bob().createAnswer(offer, Direction.SENDRECV, List.of());
    NegotiatedStream s = accepted(answer);
    assertThat(s.encoding()).isEqualTo("PCMA");
    assertThat(s.payloadType()).isEqualTo(8);
    assertThat(s.telephoneEvent()).isEqualTo(OptionalInt.of(101));
    assertThat(s.remotePtime()).isEqualTo(30);
    assertThat(s.remoteRtp()).isEqualTo(new InetSocketAddress("192.0.2.10", 49170));
    assertThat(s.remoteRtcp()).isEqualTo(new InetSocketAddress("192.0.2.10", 49171));
    assertThat(s.direction()).isEqualTo(Direction.SENDRECV);
    assertThat(answer.description().toString())
        .startsWith("v=0\r\no=- ")
        .contains(
            "c=IN IP4 198.51.100.7\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 8 101\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n");
  }

  @Test
  void offerersDynamicNumbersAreKept() throws Exception {
    SessionDescription offer =
        offer(
            "m=audio 49170 RTP/AVP 96 97 98\r\n"
                + "a=rtpmap:96 opus/48000/2\r\na=rtpmap:97 pcmu/8000\r\n"
                + "a=rtpmap:98 telephone-event/8000\r\n");
    NegotiatedStream s = accepted(bob().createAnswer(offer, Direction.SENDRECV, List.of()));
    assertThat(s.encoding()).isEqualTo("PCMU");
    assertThat(s.payloadType()).isEqualTo(97);
    assertThat(s.receivePayloadType()).isEqualTo(97);
    assertThat(s.telephoneEvent()).isEqualTo(OptionalInt.of(98));
  }

  @Test
  void staticTypesWithoutRtpmapAndNoTelephoneEvent() throws Exception {
    Answer a =
        bob().createAnswer(offer("m=audio 49170 RTP/AVP 0\r\n"), Direction.SENDRECV, List.of());
    NegotiatedStream s = accepted(a);
    assertThat(s.encoding()).isEqualTo("PCMU");
    assertThat(s.telephoneEvent()).isEmpty();
    assertThat(a.description().media().get(0).formats()).containsExactly("0");
  }

  @ParameterizedTest(name = "offer {0}, we want {1}: answer {2}")
  @CsvSource({
    "sendrecv, SENDRECV, sendrecv",
    "sendrecv, SENDONLY, sendonly",
    "sendrecv, RECVONLY, recvonly",
    "sendrecv, INACTIVE, inactive",
    "sendonly, SENDRECV, recvonly",
    "sendonly, SENDONLY, inactive",
    "sendonly, RECVONLY, recvonly",
    "recvonly, SENDRECV, sendonly",
    "recvonly, RECVONLY, inactive",
    "inactive, SENDRECV, inactive",
    "none,     SENDRECV, sendrecv",
  })
  void directionTable(String offered, Direction wanted, String answered) throws Exception {
    String attr = offered.equals("none") ? "" : "a=" + offered + "\r\n";
    Answer a = bob().createAnswer(offer("m=audio 49170 RTP/AVP 0\r\n" + attr), wanted, List.of());
    Direction expected = Direction.fromAttribute(answered).orElseThrow();
    assertThat(a.description().media().get(0).direction()).contains(expected);
    assertThat(accepted(a).direction()).isEqualTo(expected);
  }

  @Test
  void sessionLevelDirectionCounts() throws Exception {
    SessionDescription offer =
        Rfc8866_5_SdpParserTest.parse(
            "v=0\r\no=a 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
                + "a=sendonly\r\nm=audio 49170 RTP/AVP 0\r\n");
    assertThat(accepted(bob().createAnswer(offer, Direction.SENDRECV, List.of())).direction())
        .isEqualTo(Direction.RECVONLY);
  }

  @Test
  void nothingAcceptableIsRejectedWithPortZero() throws Exception {
    Answer a =
        bob()
            .createAnswer(
                offer("m=audio 49170 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n"),
                Direction.SENDRECV,
                List.of());
    assertThat(rejected(a)).isEqualTo("no common codec in 18");
    MediaDescription m = a.description().media().get(0);
    assertThat(m.port()).isZero();
    assertThat(m.mediaLineValue()).isEqualTo("audio 0 RTP/AVP 18");
    assertThat(m.attributes()).isEmpty();
  }

  @Test
  void unsupportedProtoIsRejected() throws Exception {
    for (String proto : List.of("RTP/SAVPF", "UDP/TLS/RTP/SAVP", "RTP/AVPF", "udp")) {
      Answer a =
          bob()
              .createAnswer(
                  offer("m=audio 49170 " + proto + " 0\r\n"), Direction.SENDRECV, List.of());
      assertThat(rejected(a)).isEqualTo("unsupported proto " + proto);
      assertThat(a.description().media().get(0).mediaLineValue())
          .isEqualTo("audio 0 " + proto + " 0");
    }
  }

  @Test
  void secureOfferGetsASecureAnswerWithTheCallersCrypto() throws Exception {
    SessionDescription offer =
        offer("m=audio 49170 RTP/SAVP 0\r\na=crypto:" + CRYPTO + "\r\na=crypto:2 other\r\n");
    Answer a = bob().createAnswer(offer, Direction.SENDRECV, List.of(CRYPTO));
    NegotiatedStream s = accepted(a);
    assertThat(s.secure()).isTrue();
    assertThat(s.localCrypto()).containsExactly(CRYPTO);
    assertThat(s.remoteCrypto()).containsExactly(CRYPTO, "2 other");
    MediaDescription m = a.description().media().get(0);
    assertThat(m.proto()).isEqualTo("RTP/SAVP");
    assertThat(m.crypto()).containsExactly(CRYPTO);
    // Without keys from the caller, or without keys in the offer, SRTP cannot run.
    assertThat(rejected(bob().createAnswer(offer, Direction.SENDRECV, List.of())))
        .isEqualTo("no acceptable a=crypto for RTP/SAVP");
    assertThat(
            rejected(
                bob()
                    .createAnswer(
                        offer("m=audio 49170 RTP/SAVP 0\r\n"),
                        Direction.SENDRECV,
                        List.of(CRYPTO))))
        .isEqualTo("RTP/SAVP offer without a=crypto");
  }

  @Test
  void plainOfferIgnoresCryptoFromTheCaller() throws Exception {
    Answer a =
        bob()
            .createAnswer(
                offer("m=audio 49170 RTP/AVP 0\r\n"), Direction.SENDRECV, List.of(CRYPTO));
    assertThat(accepted(a).localCrypto()).isEmpty();
    assertThat(a.description().media().get(0).crypto()).isEmpty();
  }

  @Test
  void oneAnswerLinePerOfferedLineAndOnlyOneAudioStream() throws Exception {
    SessionDescription offer =
        offer(
            "m=video 51372 RTP/AVP 31\r\na=rtpmap:31 H261/90000\r\n"
                + "m=audio 0 RTP/AVP 0\r\n"
                + "m=audio 49170 RTP/AVP 0\r\n"
                + "m=audio 49172 RTP/AVP 8\r\n");
    Answer a = bob().createAnswer(offer, Direction.SENDRECV, List.of());
    assertThat(accepted(a).remoteRtp().getPort()).isEqualTo(49170);
    assertThat(a.description().media())
        .extracting(MediaDescription::mediaLineValue)
        .containsExactly(
            "video 0 RTP/AVP 31",
            "audio 0 RTP/AVP 0",
            "audio 40000 RTP/AVP 0",
            "audio 0 RTP/AVP 8");
  }

  @Test
  void timingIsCopiedFromTheOffer() throws Exception {
    SessionDescription offer =
        Rfc8866_5_SdpParserTest.parse(
            "v=0\r\no=a 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n"
                + "t=3034423619 3042462419\r\nm=audio 49170 RTP/AVP 0\r\n");
    Answer a = bob().createAnswer(offer, Direction.SENDRECV, List.of());
    assertThat(a.description().timings()).isEqualTo(offer.timings());
  }

  @Test
  void noMediaOrNoAddress() throws Exception {
    assertThat(rejected(bob().createAnswer(offer(""), Direction.SENDRECV, List.of())))
        .isEqualTo("the offer has no media");
    SessionDescription noC =
        Rfc8866_5_SdpParserTest.parse(
            "v=0\r\no=a 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n");
    assertThat(rejected(bob().createAnswer(noC, Direction.SENDRECV, List.of())))
        .isEqualTo("no c= line for the audio stream");
    SessionDescription multicast = offer("m=audio 49170 RTP/AVP 0\r\nc=IN IP4 224.2.17.12/127\r\n");
    assertThat(rejected(bob().createAnswer(multicast, Direction.SENDRECV, List.of())))
        .startsWith("unusable address");
  }

  @Test
  void ipv6OfferAndIpv6Answer() throws Exception {
    SessionDescription offer =
        Rfc8866_5_SdpParserTest.parse(
            "v=0\r\no=a 1 1 IN IP6 2001:db8::10\r\ns=-\r\nc=IN IP6 2001:db8::10\r\nt=0 0\r\n"
                + "m=audio 49170 RTP/AVP 0\r\n");
    AudioNegotiator v6 =
        new AudioNegotiator(LocalAudio.of(InetAddress.getByName("2001:db8::7"), 40000));
    Answer a = v6.createAnswer(offer, Direction.SENDRECV, List.of());
    assertThat(accepted(a).remoteRtp())
        .isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::10"), 49170));
    assertThat(a.description().connection()).isEqualTo(new Connection("IN", "IP6", "2001:db8::7"));
    assertThat(a.description().origin().addrType()).isEqualTo("IP6");
  }

  @Test
  void hostNamesStayUnresolved() throws Exception {
    SessionDescription offer = offer("m=audio 49170 RTP/AVP 0\r\nc=IN IP4 media.example.com\r\n");
    NegotiatedStream s = accepted(bob().createAnswer(offer, Direction.SENDRECV, List.of()));
    assertThat(s.remoteRtp().isUnresolved()).isTrue();
    assertThat(s.remoteRtp().getHostString()).isEqualTo("media.example.com");
    assertThat(s.remoteRtcp().getPort()).isEqualTo(49171);
  }

  @Test
  void rfc3605RtcpAttributeAndRfc5761Mux() throws Exception {
    NegotiatedStream port =
        accepted(
            bob()
                .createAnswer(
                    offer("m=audio 49170 RTP/AVP 0\r\na=rtcp:53020\r\n"),
                    Direction.SENDRECV,
                    List.of()));
    assertThat(port.remoteRtcp()).isEqualTo(new InetSocketAddress("192.0.2.10", 53020));
    NegotiatedStream address =
        accepted(
            bob()
                .createAnswer(
                    offer("m=audio 49170 RTP/AVP 0\r\na=rtcp:53020 IN IP4 126.16.64.4\r\n"),
                    Direction.SENDRECV,
                    List.of()));
    assertThat(address.remoteRtcp()).isEqualTo(new InetSocketAddress("126.16.64.4", 53020));

    SessionDescription muxOffer = offer("m=audio 49170 RTP/AVP 0\r\na=rtcp-mux\r\n");
    Answer noMux = bob().createAnswer(muxOffer, Direction.SENDRECV, List.of());
    assertThat(accepted(noMux).rtcpMux()).isFalse();
    assertThat(noMux.description().media().get(0).rtcpMux()).isFalse();
    AudioNegotiator muxing =
        new AudioNegotiator(
            LocalAudio.of(InetAddress.getByName("198.51.100.7"), 40000).withRtcpMux(true));
    Answer mux = muxing.createAnswer(muxOffer, Direction.SENDRECV, List.of());
    assertThat(accepted(mux).rtcpMux()).isTrue();
    assertThat(accepted(mux).remoteRtcp()).isEqualTo(accepted(mux).remoteRtp());
    assertThat(mux.description().media().get(0).rtcpMux()).isTrue();
  }
}
