package io.sipher.media.sdes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.media.PacketRejectedException;
import io.sipher.media.sdes.CryptoAttribute.Parsed;
import io.sipher.media.sdes.SdesNegotiator.Agreed;
import io.sipher.media.sdes.SdesNegotiator.Agreement;
import io.sipher.media.sdes.SdesNegotiator.Refused;
import io.sipher.media.srtp.MasterKey;
import io.sipher.media.srtp.SrtpOptions;
import io.sipher.media.srtp.SrtpProfile;
import io.sipher.media.srtp.SrtpTransform;
import io.sipher.media.srtp.TestPackets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 4568 §7.1.1 to §7.1.3: offering one line per suite, answering the first acceptable offered
 * line with its tag and a fresh key, and the offerer's checks of the answer.
 */
class Rfc4568_7_1_SdesNegotiatorTest {
  private static final String KEY_30 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
  private final SdesNegotiator negotiator = SdesNegotiator.withDefaults();

  @Test
  void offer_hasOneLinePerSuite_inPreferenceOrder_eachWithItsOwnKey() {
    List<String> lines = negotiator.offer().attributes();

    assertThat(lines).hasSize(4);
    List<CryptoAttribute> parsed = new ArrayList<>();
    for (String line : lines) {
      parsed.add(((Parsed) CryptoAttribute.parse(line)).attribute());
    }
    assertThat(parsed).extracting(CryptoAttribute::tag).containsExactly(1, 2, 3, 4);
    assertThat(parsed)
        .extracting(CryptoAttribute::suite)
        .containsExactlyElementsOf(SdesNegotiator.DEFAULT_SUITES);
    assertThat(parsed.get(0).key().masterKey().sameSecretAs(parsed.get(1).key().masterKey()))
        .isFalse();
  }

  @Test
  void answerer_picksTheFirstAcceptableLine_andAnswersWithItsTag() {
    List<String> offer =
        List.of(
            "1 F8_128_HMAC_SHA1_80 inline:" + KEY_30,
            "2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|2^20|1:4",
            "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " UNENCRYPTED_SRTCP",
            "4 AES_CM_128_HMAC_SHA1_80 inline:not-base64!",
            "5 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_30 + " WSH=256",
            "6 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30);

    Agreement agreement = negotiator.answer(offer).orElseThrow();

    assertThat(agreement.tag()).isEqualTo(5);
    assertThat(agreement.suite()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
    CryptoAttribute answer =
        ((Parsed) CryptoAttribute.parse(agreement.localAttribute())).attribute();
    assertThat(answer.tag()).isEqualTo(5);
    assertThat(answer.suite()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_32);
    assertThat(answer.key().hasMki()).isFalse();
    assertThat(answer.sessionParams()).isEmpty();
    assertThat(agreement.localAttribute()).doesNotContain(KEY_30);
    assertThat(agreement.toString()).doesNotContain(answer.format().substring(30));
  }

  @Test
  void answerer_honoursTheOfferersOrder_notOurs() {
    List<String> offer =
        List.of(
            "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30,
            "2 AEAD_AES_256_GCM inline:" + Base64.getEncoder().encodeToString(new byte[44]));

    assertThat(negotiator.answer(offer).orElseThrow().suite())
        .isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
  }

  @Test
  void answerer_withNothingAcceptable_isEmpty_soTheCallerAnswers488() {
    List<String> offer =
        List.of(
            "1 F8_128_HMAC_SHA1_80 inline:" + KEY_30,
            "2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " UNENCRYPTED_SRTP",
            "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " UNAUTHENTICATED_SRTP",
            "4 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " KDR=1",
            "5 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " FEC_KEY=inline:" + KEY_30,
            "6 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " MYSTERY=1",
            "garbage");

    assertThat(negotiator.answer(offer)).isEmpty();
    assertThat(negotiator.answer(List.of())).isEmpty();
  }

  @Test
  void answerer_ignoresOptionalExtensionsAndFecOrder() {
    List<String> offer =
        List.of("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " -vendor-x FEC_ORDER=SRTP_FEC");

    assertThat(negotiator.answer(offer)).isPresent();
  }

  @Test
  void answerer_restrictedToSomeSuites_skipsTheOthers() {
    SdesNegotiator gcmOnly =
        new SdesNegotiator(
            List.of(SrtpProfile.AEAD_AES_128_GCM), new SecureRandom(), SrtpOptions.DEFAULTS);

    assertThat(gcmOnly.answer(List.of("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30))).isEmpty();
  }

  @Test
  void offerer_refusesAnswersThatDoNotMatchTheOffer() {
    SdesNegotiator.Offer offer = negotiator.offer();
    String answerFor1 = answerLine(offer, 1);

    assertRefused(offer.accept(List.of()), "exactly one");
    assertRefused(offer.accept(List.of(answerFor1, answerFor1)), "exactly one");
    assertRefused(offer.accept(List.of("nonsense")), "crypto attribute");
    assertRefused(
        offer.accept(List.of("9 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30)), "was not offered");
    // Tag 3 was offered as AES_CM_128_HMAC_SHA1_80.
    assertRefused(
        offer.accept(List.of("3 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_30)), "was offered as");
    assertRefused(
        offer.accept(List.of("3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " UNENCRYPTED_SRTP")),
        "weaken");
    assertRefused(
        offer.accept(List.of("3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1:4")), "MKI");
  }

  @Test
  void offerer_refusesAnAnswerThatEchoesItsOwnKey() {
    SdesNegotiator.Offer offer = negotiator.offer();
    String ours = offer.attributes().get(2);

    assertRefused(offer.accept(List.of(ours)), "reuses the offered key");
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void offerAnswer_endToEnd_mediaFlowsBothWays(SrtpProfile suite) throws PacketRejectedException {
    SdesNegotiator offerer = negotiator;
    SdesNegotiator answerer =
        new SdesNegotiator(List.of(suite), new SecureRandom(), SrtpOptions.DEFAULTS);

    SdesNegotiator.Offer offer = offerer.offer();
    Agreement answered = answerer.answer(offer.attributes()).orElseThrow();
    SdesNegotiator.Outcome outcome = offer.accept(List.of(answered.localAttribute()));

    assertThat(outcome).isInstanceOf(Agreed.class);
    Agreement offered = ((Agreed) outcome).agreement();
    assertThat(offered.suite()).isEqualTo(suite);
    assertThat(offered.tag()).isEqualTo(answered.tag());
    flows(offered.transform(), answered.transform());
    flows(answered.transform(), offered.transform());
  }

  @Test
  void forkedAnswers_eachGetTheirOwnTransform() {
    SdesNegotiator.Offer offer = negotiator.offer();
    Optional<Agreement> first = negotiator.answer(offer.attributes());
    Optional<Agreement> second = negotiator.answer(offer.attributes());

    SdesNegotiator.Outcome a = offer.accept(List.of(first.orElseThrow().localAttribute()));
    SdesNegotiator.Outcome b = offer.accept(List.of(second.orElseThrow().localAttribute()));

    assertThat(((Agreed) a).agreement().transform())
        .isNotSameAs(((Agreed) b).agreement().transform());
    assertThat(offer.toString()).doesNotContain(offer.attributes().get(0).substring(30));
  }

  private static void flows(SrtpTransform from, SrtpTransform to) throws PacketRejectedException {
    byte[] packet = TestPackets.rtp(0x51AB_0001, 1, 160);
    byte[] wire = from.protectRtp(packet, packet.length);
    assertThat(to.unprotectRtp(wire, wire.length)).isEqualTo(packet);
    byte[] report = TestPackets.rtcp(0x51AB_0001);
    byte[] wireReport = from.protectRtcp(report, report.length);
    assertThat(to.unprotectRtcp(wireReport, wireReport.length)).isEqualTo(report);
  }

  /** A well-formed answer line for offered tag {@code tag}, with some other key. */
  private static String answerLine(SdesNegotiator.Offer offer, int tag) {
    CryptoAttribute offered =
        ((Parsed) CryptoAttribute.parse(offer.attributes().get(tag - 1))).attribute();
    return CryptoAttribute.of(
            tag, offered.suite(), MasterKey.generate(offered.suite(), new SecureRandom()))
        .format();
  }

  private static void assertRefused(SdesNegotiator.Outcome outcome, String reasonPart) {
    assertThat(outcome).isInstanceOf(Refused.class);
    assertThat(((Refused) outcome).reason()).contains(reasonPart);
  }
}
