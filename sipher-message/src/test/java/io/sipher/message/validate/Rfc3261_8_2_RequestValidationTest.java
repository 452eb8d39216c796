package io.sipher.message.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.testing.Wire;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §8.2 (UAS request processing), §16.3 (proxy request validation) and §10.3 (registrar):
 * each failed check gives the response RFC 3261 names.
 */
class Rfc3261_8_2_RequestValidationTest {
  private final MessageValidator validator = new MessageValidator();

  private Verdict verdict(String text) {
    return validator.validate(Wire.request(text));
  }

  private static Verdict.Reject reject(Verdict v) {
    assertThat(v).isInstanceOf(Verdict.Reject.class);
    return (Verdict.Reject) v;
  }

  @Test
  void wellFormedRequestsAreAccepted() {
    assertThat(verdict(Wire.REGISTER).isAccepted()).isTrue();
    assertThat(verdict(Wire.INVITE).isAccepted()).isTrue();
  }

  @Test
  void missingMandatoryHeader_8_1_1() {
    Verdict.Reject r = reject(verdict(Wire.INVITE.replaceAll("Call-ID: .*\n", "")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo("Missing Call-ID header");
  }

  @Test
  void unsupportedRequireTag_8_2_2_3_listsItInUnsupported() {
    Verdict.Reject r =
        reject(
            verdict(
                Wire.INVITE.replace(
                    "Max-Forwards: 70", "Max-Forwards: 70\nRequire: 100rel, path")));
    assertThat(r.statusCode()).isEqualTo(420);
    assertThat(r.headers())
        .extracting(HeaderField::toString)
        .containsExactly("Unsupported: 100rel");
  }

  @Test
  void proxiesIgnoreRequire_20_32_butNotProxyRequire_16_3() {
    MessageValidator forwarding = new MessageValidator(ValidationPolicy.FORWARDING);
    String require = Wire.INVITE.replace("Max-Forwards: 70", "Max-Forwards: 70\nRequire: 100rel");
    assertThat(forwarding.validate(Wire.request(require)).isAccepted()).isTrue();
    String proxyRequire = require.replace("Require: 100rel", "Proxy-Require: sec-agree");
    Verdict.Reject r = reject(forwarding.validate(Wire.request(proxyRequire)));
    assertThat(r.statusCode()).isEqualTo(420);
    assertThat(r.headers())
        .extracting(HeaderField::toString)
        .containsExactly("Unsupported: sec-agree");
  }

  @Test
  void badAckIsDiscardedNeverAnswered_17() {
    String ack =
        Wire.INVITE
            .replace("INVITE sips:", "ACK sips:")
            .replace("314160 INVITE", "314160 ACK")
            .replace("Max-Forwards: 70", "Max-Forwards: 0");
    assertThat(verdict(ack)).isInstanceOf(Verdict.Discard.class);
  }

  @Test
  void controlCharactersInInputNeverReachTheReasonPhrase() {
    Verdict.Reject r =
        reject(verdict(Wire.INVITE.replace("CSeq: 314160 INVITE", "CSeq: 314160 INVITE\u0001")));
    assertThat(r.reason()).contains("\\x01").doesNotContain("\u0001");
    io.sipher.message.SipResponse.forRequest(Wire.request(Wire.INVITE), r.statusCode(), r.reason())
        .build();
  }

  @Test
  void requireIsNotCheckedOnAck_8_2_2_3() {
    String ack =
        Wire.INVITE
            .replace("INVITE sips:", "ACK sips:")
            .replace("314160 INVITE", "314160 ACK")
            .replace("Max-Forwards: 70", "Max-Forwards: 70\nRequire: 100rel");
    assertThat(verdict(ack).isAccepted()).isTrue();
  }

  @Test
  void unsupportedBody_8_2_3_answersWithAccept() {
    Verdict.Reject r =
        reject(verdict(Wire.INVITE.replace("application/sdp", "application/x-unknown")));
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(r.headers().get(0).toString()).startsWith("Accept: application/sdp");
  }

  @Test
  void malformedMultipartSessionBody() {
    String invite =
        Wire.INVITE.replace(
            "Content-Type: application/sdp", "Content-Type: multipart/mixed;boundary=zz");
    Verdict.Reject r = reject(verdict(invite));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.reason()).contains("multipart");
  }

  @Test
  void maxForwardsZeroAtAProxy_16_3() {
    assertThat(
            reject(verdict(Wire.INVITE.replace("Max-Forwards: 70", "Max-Forwards: 0")))
                .statusCode())
        .isEqualTo(483);
    SipRequest zero = Wire.request(Wire.INVITE.replace("Max-Forwards: 70", "Max-Forwards: 0"));
    // §16.3 step 3 concerns forwarding only: a request for the server itself is processed.
    assertThat(new MessageValidator(ValidationPolicy.LOCAL).validate(zero).isAccepted()).isTrue();
  }

  @Test
  void wildcardContactMustStandAloneWithExpiresZero_10_3() {
    String wildcard = Wire.REGISTER.replaceAll("Contact: .*\n", "Contact: *\n");
    assertThat(reject(verdict(wildcard)).statusCode()).isEqualTo(400);
    assertThat(verdict(wildcard.replace("Supported:", "Expires: 0\nSupported:")).isAccepted())
        .isTrue();
  }

  @Test
  void singleValuedHeaderTwice_7_3_1() {
    Verdict.Reject r =
        reject(
            verdict(
                Wire.INVITE.replace("CSeq: 314160 INVITE", "CSeq: 314160 INVITE\nCSeq: 1 INVITE")));
    assertThat(r.reason()).isEqualTo("Multiple CSeq headers");
  }

  @Test
  void bodyWithoutContentType_20_15() {
    Verdict.Reject r = reject(verdict(Wire.INVITE.replace("Content-Type: application/sdp\n", "")));
    assertThat(r.reason()).isEqualTo("Body without Content-Type");
  }

  @Test
  void unknownMethodWithMatchingCSeqIsWellFormed() {
    String custom =
        Wire.INVITE
            .replace("INVITE sips:", "FROBNICATE sips:")
            .replace("314160 INVITE", "314160 FROBNICATE")
            .replace("Content-Type: application/sdp", "Content-Type: text/plain");
    assertThat(verdict(custom).isAccepted()).isTrue();
  }

  @Test
  void responsesAreDiscardedNotAnswered() {
    Verdict v =
        validator.validate(
            Wire.response(Wire.OK.replace("CSeq: 314160 INVITE", "CSeq: 99999999999 INVITE")));
    assertThat(v).isInstanceOf(Verdict.Discard.class);
    assertThat(validator.validate(Wire.response(Wire.OK)).isAccepted()).isTrue();
  }
}
