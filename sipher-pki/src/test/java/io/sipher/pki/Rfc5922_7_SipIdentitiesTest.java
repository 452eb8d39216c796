package io.sipher.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 5922 §7.1 (which names in a certificate are SIP domain identities) and §7.2 (how they are
 * compared), one certificate per case.
 */
class Rfc5922_7_SipIdentitiesTest {
  @TempDir static Path dir;
  static TestCa ca;

  @BeforeAll
  static void ca() {
    ca = TestCa.create(dir);
  }

  private static SipIdentities ids(String cn, List<String> uris, List<String> dns) {
    return SipIdentities.of(ca.custom(cn, uris, dns).leaf());
  }

  @Test
  void sipUriSanIsTheIdentityAndDnsSansAreThenIgnored_7_1() {
    SipIdentities i = ids("x", List.of("sip:example.com"), List.of("other.example.net"));
    assertThat(i.domains()).containsExactly("example.com");
    assertThat(i.source()).isEqualTo(SipIdentities.Source.SIP_URI);
    assertThat(i.matchesDomain("other.example.net")).isFalse();
  }

  @Test
  void dnsSansCountOnlyWithoutASipUri_7_1() {
    SipIdentities i = ids("x", List.of(), List.of("a.example.com", "b.example.com"));
    assertThat(i.domains()).containsExactly("a.example.com", "b.example.com");
    assertThat(i.source()).isEqualTo(SipIdentities.Source.DNS_NAME);
  }

  @Test
  void sipsAndOtherSchemesAreNotDomainIdentities_7_1() {
    SipIdentities i =
        ids(
            "x",
            List.of("sips:example.com", "http://example.com"),
            List.of("fallback.example.com"));
    assertThat(i.domains()).containsExactly("fallback.example.com");
    assertThat(i.source()).isEqualTo(SipIdentities.Source.DNS_NAME);
  }

  @Test
  void uriWithUserPartIsNotADomainIdentity_7_1() {
    SipIdentities i = ids("alice@example.com", List.of("sip:alice@example.com"), List.of());
    assertThat(i.domains()).isEmpty();
    assertThat(i.users()).containsExactly("alice@example.com");
    assertThat(i.matchesUser("alice@EXAMPLE.com")).isTrue();
    assertThat(i.matchesUser("Alice@example.com")).isFalse();
    assertThat(i.source()).isEqualTo(SipIdentities.Source.NONE);
  }

  @Test
  void aUserPartWithSemicolonsDoesNotBecomeADomain_7_1() {
    // RFC 3261 §25.1 lets a user part hold ';' and '?': the '@' decides, not the first ';'
    SipIdentities i = ids("x", List.of("sip:victim.org;@example.com"), List.of());
    assertThat(i.domains()).isEmpty();
    assertThat(i.matchesDomain("victim.org")).isFalse();
    assertThat(i.users()).containsExactly("victim.org;@example.com");
  }

  @Test
  void portAndParametersAreNotPartOfTheDomain_7_2() {
    SipIdentities i = ids("x", List.of("sip:example.com:5061;transport=tls"), List.of());
    assertThat(i.domains()).containsExactly("example.com");
  }

  @Test
  void commonNameOnlyWhenThereIsNoSubjectAltName_7_1() {
    assertThat(ids("example.com", List.of(), List.of()).domains()).containsExactly("example.com");
    assertThat(ids("example.com", List.of(), List.of()).source())
        .isEqualTo(SipIdentities.Source.COMMON_NAME);
    assertThat(ids("Example Corp", List.of(), List.of()).domains()).isEmpty();
    // a SAN of another kind still turns the CN off
    assertThat(ids("example.com", List.of("https://example.com/"), List.of()).domains()).isEmpty();
  }

  @Test
  void severalDomainsAllMatch() {
    SipIdentities i = ids("x", List.of("sip:a.example.com", "sip:b.example.com"), List.of());
    assertThat(i.matchesDomain("a.example.com")).isTrue();
    assertThat(i.matchesDomain("b.example.com")).isTrue();
  }

  @ParameterizedTest(name = "cert {0} vs {1} -> {2}")
  @CsvSource({
    "example.com, example.com, true",
    "example.com, EXAMPLE.Com, true",
    "example.com, example.com., true",
    "example.com, foo.example.com, false",
    "foo.example.com, example.com, false",
    "example.com, ample.com, false",
    "*.example.com, foo.example.com, false",
    "*.example.com, *.example.com, true",
    ".example.com, foo.example.com, false",
    "xn--bcher-kva.example, bücher.example, true",
  })
  void comparisonIsExactCaseInsensitiveWithoutWildcards_7_2(
      String inCert, String wanted, boolean match) {
    SipIdentities i = new SipIdentities(List.of(inCert), List.of(), SipIdentities.Source.DNS_NAME);
    assertThat(i.matchesDomain(wanted)).isEqualTo(match);
  }
}
