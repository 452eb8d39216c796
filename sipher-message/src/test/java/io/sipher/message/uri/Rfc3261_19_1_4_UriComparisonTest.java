package io.sipher.message.uri;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3261 §19.1.4: the URI comparison rules and the section's own examples. */
class Rfc3261_19_1_4_UriComparisonTest {

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the RFC's equivalent pairs
        "sip:%61lice@atlanta.com;transport=TCP | sip:alice@AtLanTa.CoM;Transport=tcp",
        "sip:carol@chicago.com | sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com | sip:carol@chicago.com;security=on",
        "sip:carol@chicago.com;newparam=5 | sip:carol@chicago.com;security=on",
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com"
            + " | sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent"
            + " | sip:alice@atlanta.com?priority=urgent&subject=project%20x",
        // RFC 4475 §3.1.1.3: escapes of unreserved characters equal the characters
        "sip:%75se%72@example.com | sip:user@example.com",
        // host and parameter names without case, IPv6 by value (RFC 5954 §4)
        "sip:bob@[2001:db8::10] | sip:bob@[2001:DB8:0:0::10]",
        "sips:bob@example.com;LR | sips:bob@EXAMPLE.com;lr",
      })
  void equivalent(String a, String b) {
    assertThat(Uri.parse(a).equivalent(Uri.parse(b))).isTrue();
    assertThat(Uri.parse(b).equivalent(Uri.parse(a))).isTrue();
  }

  @ParameterizedTest(name = "{0} != {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the RFC's non-equivalent pairs
        "SIP:ALICE@AtLanTa.CoM;Transport=udp | sip:alice@AtLanTa.CoM;Transport=UDP",
        "sip:bob@biloxi.com | sip:bob@biloxi.com:5060",
        "sip:bob@biloxi.com | sip:bob@biloxi.com;transport=udp",
        "sip:bob@biloxi.com | sip:bob@biloxi.com:6000;transport=tcp",
        "sip:carol@chicago.com | sip:carol@chicago.com?Subject=next%20meeting",
        "sip:bob@phone21.boxesbybob.com | sip:bob@192.0.2.4",
        // the RFC's note that the relation is not transitive
        "sip:carol@chicago.com;security=on | sip:carol@chicago.com;security=off",
        // sip never equals sips
        "sip:alice@atlanta.com | sips:alice@atlanta.com",
        // an escaped reserved character is not the character, nor is an escaped '%'
        "sip:a%3Bb@example.com | sip:a;b@example.com",
        "sip:a%253Bb@example.com | sip:a%3Bb@example.com",
        // user, ttl, method, maddr, transport present in one only
        "sip:alice@atlanta.com;maddr=192.0.2.1 | sip:alice@atlanta.com",
        "sip:alice@atlanta.com;user=phone | sip:alice@atlanta.com",
        "sip:alice@atlanta.com;ttl=1 | sip:alice@atlanta.com",
        "sip:alice@atlanta.com;method=INVITE | sip:alice@atlanta.com",
        // password compares with case
        "sip:alice:Secret@atlanta.com | sip:alice:secret@atlanta.com",
      })
  void notEquivalent(String a, String b) {
    assertThat(Uri.parse(a).equivalent(Uri.parse(b))).isFalse();
    assertThat(Uri.parse(b).equivalent(Uri.parse(a))).isFalse();
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tel:+1-201-555-0123 | tel:+12015550123",
        "tel:7042;phone-context=example.com | tel:70-42;Phone-Context=EXAMPLE.com",
        "tel:+1-201-555-0123;ext=12;isub=3 | tel:+12015550123;isub=3;ext=12",
      })
  void rfc3966_4_telUrisEquivalent(String a, String b) {
    assertThat(Uri.parse(a).equivalent(Uri.parse(b))).isTrue();
  }

  @ParameterizedTest(name = "{0} != {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tel:+12015550123 | tel:12015550123;phone-context=example.com",
        "tel:+12015550123;ext=1 | tel:+12015550123",
        "tel:+12015550123 | sip:+12015550123@example.com",
      })
  void rfc3966_4_telUrisNotEquivalent(String a, String b) {
    assertThat(Uri.parse(a).equivalent(Uri.parse(b))).isFalse();
  }
}
