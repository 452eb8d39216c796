package io.sipher.media.sdes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.media.sdes.CryptoAttribute.Invalid;
import io.sipher.media.sdes.CryptoAttribute.Parsed;
import io.sipher.media.srtp.MasterKey;
import io.sipher.media.srtp.SrtpProfile;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4568 §9.1/§9.2 grammar of the crypto attribute, with §6.1 key parameters. */
class Rfc4568_9_CryptoAttributeTest {
  private static final String KEY_30 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
  private static final String KEY_28 = Base64.getEncoder().encodeToString(new byte[28]);
  private static final String KEY_44 = Base64.getEncoder().encodeToString(new byte[44]);

  @Test
  void minimalLine() {
    CryptoAttribute a = parsed("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30);

    assertThat(a.tag()).isEqualTo(1);
    assertThat(a.suite()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(a.keys()).hasSize(1);
    assertThat(a.key().masterKey().keyLength()).isEqualTo(16);
    assertThat(a.key().masterKey().saltLength()).isEqualTo(14);
    assertThat(a.key().lifetime()).isEmpty();
    assertThat(a.key().hasMki()).isFalse();
    assertThat(a.sessionParams()).isEmpty();
    assertThat(a.format()).isEqualTo("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30);
  }

  @Test
  void lifetimeAndMki_inTheStyleOfTheRfcExamples() {
    CryptoAttribute a =
        parsed("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|2^20|1:32");

    assertThat(a.key().lifetime()).hasValue(1 << 20);
    assertThat(a.key().mkiValue()).isEqualTo(1);
    assertThat(a.key().mkiLength()).isEqualTo(32);
    assertThat(a.format()).isEqualTo("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|2^20|1:32");
  }

  @ParameterizedTest
  @CsvSource({"2^0, 1", "2^31, 2147483648", "2^48, 281474976710656", "1066, 1066", "1, 1"})
  void lifetimeForms(String lifetime, long packets) {
    CryptoAttribute a = parsed("7 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_30 + "|" + lifetime);

    assertThat(a.key().lifetime()).hasValue(packets);
    assertThat(a.key().hasMki()).isFalse();
  }

  @Test
  void mkiWithoutLifetime() {
    CryptoAttribute a = parsed("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1066:4");

    assertThat(a.key().lifetime()).isEmpty();
    assertThat(a.key().mkiValue()).isEqualTo(1066);
    assertThat(a.key().mkiLength()).isEqualTo(4);
  }

  @Test
  void severalKeys_eachWithAnMki() {
    CryptoAttribute a =
        parsed(
            "1 AES_CM_128_HMAC_SHA1_80 inline:"
                + KEY_30
                + "|2^20|1:4;inline:"
                + KEY_30
                + "|2^20|2:4");

    assertThat(a.keys()).hasSize(2);
    assertThat(a.keys().get(1).mkiValue()).isEqualTo(2);
  }

  @Test
  void gcmSuites_takeA12OctetSalt() {
    CryptoAttribute a128 = parsed("2 AEAD_AES_128_GCM inline:" + KEY_28);
    CryptoAttribute a256 = parsed("3 AEAD_AES_256_GCM inline:" + KEY_44);

    assertThat(KEY_28).endsWith("=");
    assertThat(a128.key().masterKey().saltLength()).isEqualTo(12);
    assertThat(a256.key().masterKey().keyLength()).isEqualTo(32);
    assertThat(a128.format()).isEqualTo("2 AEAD_AES_128_GCM inline:" + KEY_28);
  }

  @Test
  void base64WithoutPadding_isAccepted() {
    assertThat(parsed("2 AEAD_AES_128_GCM inline:" + KEY_28.replace("=", "")).suite())
        .isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
  }

  @Test
  void sessionParams_areKeptAsWritten_andSeparatorsMayBeTabs() {
    CryptoAttribute a =
        parsed(
            "10\tAES_CM_128_HMAC_SHA1_80  inline:"
                + KEY_30
                + " KDR=10 UNENCRYPTED_SRTCP WSH=128 FEC_ORDER=FEC_SRTP -vendor=x");

    assertThat(a.tag()).isEqualTo(10);
    assertThat(a.sessionParams())
        .containsExactly(
            "KDR=10", "UNENCRYPTED_SRTCP", "WSH=128", "FEC_ORDER=FEC_SRTP", "-vendor=x");
    assertThat(a.format())
        .isEqualTo(
            "10 AES_CM_128_HMAC_SHA1_80 inline:"
                + KEY_30
                + " KDR=10 UNENCRYPTED_SRTCP WSH=128 FEC_ORDER=FEC_SRTP -vendor=x");
  }

  @Test
  void suiteAndMethod_areCaseInsensitive_asAbnfLiteralsAre() {
    CryptoAttribute a = parsed("1 aes_cm_128_hmac_sha1_80 INLINE:" + KEY_30);

    assertThat(a.format()).isEqualTo("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30);
  }

  @Test
  void nineDigitTag() {
    assertThat(parsed("999999999 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30).tag())
        .isEqualTo(999_999_999);
  }

  @Test
  void of_formatsAndParsesBack() {
    MasterKey key = MasterKey.of(new byte[16], new byte[14]).withLifetime(1L << 31);
    CryptoAttribute a = CryptoAttribute.of(5, SrtpProfile.AES_CM_128_HMAC_SHA1_80, key);

    CryptoAttribute back = parsed(a.format());

    assertThat(back.format()).isEqualTo(a.format()).endsWith("|2^31");
    assertThat(back.key().masterKey().sameSecretAs(key)).isTrue();
  }

  @Test
  void toString_showsNoKey() {
    CryptoAttribute a = parsed("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|2^20|1:4 WSH=64");

    assertThat(a.toString())
        .isEqualTo("CryptoAttribute[tag=1, AES_CM_128_HMAC_SHA1_80, 1 key redacted, WSH=64]")
        .doesNotContain(KEY_30.substring(0, 8));
    assertThat(a.key().toString()).doesNotContain(KEY_30.substring(0, 8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "1 AES_CM_128_HMAC_SHA1_80",
        "x AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30,
        "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30,
        "-1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30,
        "1 F8_128_HMAC_SHA1_80 inline:" + KEY_30,
        "1 AES-CM inline:" + KEY_30,
        "1 AES_CM_128_HMAC_SHA1_80 " + KEY_30,
        "1 AES_CM_128_HMAC_SHA1_80 uri:http://example.com/key",
        "1 AES_CM_128_HMAC_SHA1_80 inline:",
        "1 AES_CM_128_HMAC_SHA1_80 inline:!!!notbase64!!!",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB",
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVe=eCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "AAAA",
        "1 AEAD_AES_128_GCM inline:" + KEY_30,
        "1 AEAD_AES_256_GCM inline:" + KEY_30,
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|2^49",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|2^",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|281474976710657",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|99999999999999999999",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|forever",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1:0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1:129",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|256:1",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1:",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|2^20|1:4|extra",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1:4|2^20",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + ";inline:" + KEY_30,
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1:4;inline:" + KEY_30 + "|1:4",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "|1:4;inline:" + KEY_30 + "|2:2",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " KDR=0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " KDR=25",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " WSH=32",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " FEC_ORDER=LATER",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + "\r\n",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " caf\u00e9",
      })
  void invalidLines_areInvalidWithAReason(String value) {
    CryptoAttribute.ParseResult result = CryptoAttribute.parse(value);

    assertThat(result).isInstanceOf(Invalid.class);
    assertThat(((Invalid) result).reason()).isNotBlank().doesNotContain(KEY_30.substring(0, 8));
  }

  @Test
  void wrongKeyLength_saysWhatWasExpected() {
    CryptoAttribute.ParseResult result =
        CryptoAttribute.parse("1 AEAD_AES_128_GCM inline:" + KEY_30);

    assertThat(((Invalid) result).reason())
        .isEqualTo("AEAD_AES_128_GCM needs 28 octets of key and salt, not 30");
  }

  @Test
  void nullAndOversizedInput_areInvalid() {
    assertThat(CryptoAttribute.parse(null)).isInstanceOf(Invalid.class);
    assertThat(
            CryptoAttribute.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_30 + " -x".repeat(2000)))
        .isInstanceOf(Invalid.class);
  }

  private static CryptoAttribute parsed(String value) {
    CryptoAttribute.ParseResult result = CryptoAttribute.parse(value);
    assertThat(result).as("%s", result).isInstanceOf(Parsed.class);
    return ((Parsed) result).attribute();
  }
}
