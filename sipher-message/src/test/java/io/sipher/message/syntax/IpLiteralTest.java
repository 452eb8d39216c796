package io.sipher.message.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4291 §2.2 textual IPv6 (authoritative for SIP since RFC 5954) and dotted-quad IPv4. */
class IpLiteralTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::",
        "::1",
        "1::",
        "2001:db8::10",
        "2001:db8::10:5070",
        "2001:db8::192.0.2.1",
        "::ffff:192.0.2.10",
        "2001:0db8:0000:0000:0000:0000:0000:0001",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:192.0.2.1",
        "fe80::1:2:3:4:5:6",
      })
  void validIpv6(String s) {
    assertThat(IpLiteral.parseIpv6(s)).isNotNull().hasSize(16);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        ":::",
        "2001:db8:::192.0.2.1",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "1::2::3",
        "12345::",
        "1:2:3:4:5:6:7:192.0.2.1",
        "::192.0.2.256",
        "2001:db8::g",
        "2001:db8:",
        "[::1]",
      })
  void invalidIpv6(String s) {
    assertThat(IpLiteral.parseIpv6(s)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "010.001.0.1"})
  void validIpv4(String s) {
    assertThat(IpLiteral.parseIpv4(s)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4.", "1234.1.1.1"})
  void invalidIpv4(String s) {
    assertThat(IpLiteral.parseIpv4(s)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[::ffff:192.0.2.10]", "[0:0:0:0:0:ffff:c000:020a]"})
  void mappedAddressesCompareByValue(String s) {
    assertThat(IpLiteral.sameIpv6(s, "::ffff:c000:20a")).isTrue();
  }
}
