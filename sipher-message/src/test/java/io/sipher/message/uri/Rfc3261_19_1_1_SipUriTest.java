package io.sipher.message.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.message.syntax.SipParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3261 §19.1.1 and §25.1: the parts of SIP and SIPS URIs, and what is not one. */
class Rfc3261_19_1_1_SipUriTest {

  @Test
  void allComponents() {
    SipUri u =
        SipUri.parse("sips:alice:secretword@atlanta.com:5061;transport=tls;lr?subject=project%20x");
    assertThat(u.isSecure()).isTrue();
    assertThat(u.user()).isEqualTo("alice");
    assertThat(u.password()).isEqualTo("secretword");
    assertThat(u.host()).isEqualTo("atlanta.com");
    assertThat(u.port()).isEqualTo(5061);
    assertThat(u.transport()).isEqualTo("tls");
    assertThat(u.isLooseRouter()).isTrue();
    assertThat(u.headers().valueOrNull("subject")).isEqualTo("project%20x");
    assertThat(u.toString())
        .isEqualTo("sips:alice:secretword@atlanta.com:5061;transport=tls;lr?subject=project%20x");
  }

  @Test
  void rfc4475_3_1_1_9_semicolonInUserPartIsAUserCharacter() {
    SipUri u = SipUri.parse("sip:user;par=u%40example.net@example.com");
    assertThat(u.user()).isEqualTo("user;par=u%40example.net");
    assertThat(u.decodedUser()).isEqualTo("user;par=u@example.net");
    assertThat(u.host()).isEqualTo("example.com");
    assertThat(u.parameters().isEmpty()).isTrue();
  }

  @Test
  void rfc4475_3_1_1_3_escapedUserDecodes() {
    assertThat(SipUri.parse("sip:sips%3Auser%40example.com@example.net").decodedUser())
        .isEqualTo("sips:user@example.com");
  }

  @Test
  void rfc5118_4_3_portInsideBracketsBelongsToTheAddress() {
    SipUri ambiguous = SipUri.parse("sip:[2001:db8::10:5070]");
    assertThat(ambiguous.port()).isEqualTo(-1);
    assertThat(ambiguous.hostPort().kind()).isEqualTo(HostPort.Kind.IPV6);
    SipUri unambiguous = SipUri.parse("sip:[2001:db8::10]:5070");
    assertThat(unambiguous.host()).isEqualTo("[2001:db8::10]");
    assertThat(unambiguous.port()).isEqualTo(5070);
    assertThat(unambiguous.hostPort().address()).isEqualTo("2001:db8::10");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sip:",
        "sip:@example.com",
        "sip:user@",
        "sip:2001:db8::10", // RFC 5118 §4.2: IPv6 without brackets
        "sip:user@[2001:db8:::192.0.2.1]", // RFC 5118 §4.10
        "sip:user@example.com:99999",
        "sip:user@example.com;",
        "sip:user@example.com;=x",
        "sip:user@example.com;lr=",
        "sip:user@exa mple.com",
        "sip:us er@example.com",
        "sip:user@example.com?",
        "sip:user@example.com?a",
        "sip:user%zz@example.com",
        "sip:user@192.0.2.256",
        "sip:user@-bad.example.com",
        "http://example.com",
      })
  void malformed(String text) {
    assertThatThrownBy(() -> SipUri.parse(text)).isInstanceOf(SipParseException.class);
  }

  @Test
  void otherSchemesStayOpaque() {
    Uri u = Uri.parse("urn:service:sos");
    assertThat(u).isInstanceOf(AbsoluteUri.class);
    assertThat(u.scheme()).isEqualTo("urn");
    assertThat(u.toString()).isEqualTo("urn:service:sos");
    assertThat(Uri.parse("soap.beep://192.0.2.103:3002").scheme()).isEqualTo("soap.beep");
  }

  @Test
  void builtUrisAreEscaped() {
    SipUri u =
        SipUri.of(false, "alice smith", HostPort.of("example.com")).withParameter("lr", null);
    assertThat(u.toString()).isEqualTo("sip:alice%20smith@example.com;lr");
    assertThat(SipUri.parse(u.toString()).decodedUser()).isEqualTo("alice smith");
  }

  @Test
  void rfc3966_telUri() {
    TelUri t = TelUri.parse("tel:+1-201-555-0123;ext=5");
    assertThat(t.isGlobal()).isTrue();
    assertThat(t.digits()).isEqualTo("+12015550123");
    assertThat(t.parameters().valueOrNull("ext")).isEqualTo("5");
    assertThatThrownBy(() -> TelUri.parse("tel:7042")).hasMessageContaining("phone-context");
    assertThatThrownBy(() -> TelUri.parse("tel:+")).isInstanceOf(SipParseException.class);
  }
}
