package io.sipher.message.header;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3261 §7.3: header names without case, compact forms (§7.3.3), folding, unknown headers. */
class Rfc3261_7_3_HeaderNamesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "i, Call-ID",
    "m, Contact",
    "v, Via",
    "f, From",
    "t, To",
    "l, Content-Length",
    "c, Content-Type",
    "k, Supported",
    "s, Subject",
    "e, Content-Encoding",
    "o, Event",
    "u, Allow-Events",
    "r, Refer-To",
    "b, Referred-By",
    "x, Session-Expires",
    "y, Identity",
    "I, Call-ID",
    "cAlL-iD, Call-ID",
    "WWW-AUTHENTICATE, WWW-Authenticate"
  })
  void compactAndCaseVariantsResolveToTheSameName(String written, String canonical) {
    HeaderName name = HeaderName.of(written);
    assertThat(name).isSameAs(HeaderName.of(canonical));
    assertThat(name.value()).isEqualTo(canonical);
  }

  @Test
  void unknownNamesCompareWithoutCaseAndAreNeverSplit() {
    assertThat(HeaderName.of("X-Custom")).isEqualTo(HeaderName.of("x-custom"));
    assertThat(HeaderName.of("X-Custom").isKnown()).isFalse();
    assertThat(HeaderName.of("X-Custom").isList()).isFalse();
    assertThat(HeaderName.of("C%6Fntact")).isNotEqualTo(HeaderName.CONTACT);
  }

  @Test
  void foldedValuesUnfoldAndUnknownHeadersKeepTheirBytes() {
    SipRequest r =
        Wire.request(
            Wire.REGISTER.replace(
                "Supported: path, outbound",
                "Supported: path,\n   outbound\nNewFangledHeader:   newfangled value\n continued newfangled value"));
    assertThat(r.all(SipHeaders.SUPPORTED)).containsExactly("path", "outbound");
    HeaderField unknown = r.headers().first(HeaderName.of("newfangledheader"));
    assertThat(unknown.rawName()).isEqualTo("NewFangledHeader");
    assertThat(unknown.value()).isEqualTo("newfangled value continued newfangled value");
    assertThat(Wire.text(r))
        .contains("NewFangledHeader:   newfangled value\r\n continued newfangled value\r\n");
  }

  @Test
  void headersValuesSplitListHeadersOnly() {
    SipRequest r =
        Wire.request(
            Wire.REGISTER.replace(
                "Supported: path, outbound",
                "Supported: path, outbound\nSubject: Hello, world\nContact: \"A, B\" <sip:a@b>, <sip:c@d>"));
    assertThat(r.headers().values(HeaderName.SUBJECT)).containsExactly("Hello, world");
    assertThat(r.headers().values(HeaderName.CONTACT)).hasSize(3);
    assertThat(r.contacts()).hasSize(3);
  }
}
