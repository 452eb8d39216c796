package io.sipher.pki;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The SIP identities a certificate proves, found as RFC 5922 §7.1 prescribes:
 *
 * <ol>
 *   <li>every subjectAltName URI with scheme {@code sip} and no user part gives its host as a
 *       domain identity ({@code sips} URIs and URIs with a user part are not domain identities);
 *   <li>only when no such URI exists, every DNS subjectAltName is a domain identity;
 *   <li>only when the certificate has no subjectAltName at all, a subject CN that is a valid DNS
 *       name is one.
 * </ol>
 *
 * <p>Domains match per §7.2: as whole DNS names without case (A-labels for internationalised
 * names), never by suffix and never by wildcard: {@code *.example.com} matches only the literal
 * {@code *.example.com}.
 *
 * <p>Beyond RFC 5922, {@link #users()} lists the {@code sip:user@host} URIs of a certificate, the
 * user identities sipher's CA puts in phone certificates (RFC 5922 is about domains only).
 *
 * @param domains the domain identities, in certificate order
 * @param users the {@code user@host} identities of sip URIs with a user part
 * @param source where the domain identities came from
 */
public record SipIdentities(List<String> domains, List<String> users, Source source) {
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  /** Which part of the certificate named the domains. */
  public enum Source {
    SIP_URI,
    DNS_NAME,
    COMMON_NAME,
    NONE
  }

  public SipIdentities {
    domains = List.copyOf(domains);
    users = List.copyOf(users);
  }

  public static SipIdentities of(X509Certificate cert) {
    Collection<List<?>> sans;
    try {
      sans = cert.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new PkiException("unreadable subjectAltName: " + e.getMessage(), e);
    }
    List<String> uriDomains = new ArrayList<>();
    List<String> dnsDomains = new ArrayList<>();
    List<String> users = new ArrayList<>();
    if (sans != null) {
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1));
        if (type == SAN_URI) {
          sipUri(value, uriDomains, users);
        } else if (type == SAN_DNS) {
          dnsDomains.add(value);
        }
      }
    }
    if (!uriDomains.isEmpty()) {
      return new SipIdentities(uriDomains, users, Source.SIP_URI);
    }
    if (!dnsDomains.isEmpty()) {
      return new SipIdentities(dnsDomains, users, Source.DNS_NAME);
    }
    if (sans == null) {
      String cn = commonName(cert);
      if (cn != null && Hostnames.isDnsName(cn)) {
        return new SipIdentities(List.of(cn), users, Source.COMMON_NAME);
      }
    }
    return new SipIdentities(List.of(), users, Source.NONE);
  }

  /**
   * Sorts a URI SAN: {@code sip:host[:port][;params]} is a domain, {@code sip:user@host} a user. A
   * user part may hold {@code ;} and {@code ?} (RFC 3261 §25.1), so the {@code @} is found first
   * and parameters are cut from the host part only.
   */
  private static void sipUri(String uri, List<String> domains, List<String> users) {
    if (!uri.regionMatches(true, 0, "sip:", 0, 4)) {
      return; // RFC 5922 §7.1: only the sip scheme names a SIP domain (not sips, not others)
    }
    String rest = uri.substring(4);
    int at = rest.indexOf('@');
    String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
    int cut = hostPart.length();
    for (int i = 0; i < hostPart.length(); i++) {
      char c = hostPart.charAt(i);
      if (c == ';' || c == '?') {
        cut = i;
        break;
      }
    }
    hostPart = hostPart.substring(0, cut);
    String host;
    if (hostPart.startsWith("[")) {
      int close = hostPart.indexOf(']');
      host = close > 0 ? hostPart.substring(0, close + 1) : hostPart;
    } else {
      int colon = hostPart.indexOf(':');
      host = colon >= 0 ? hostPart.substring(0, colon) : hostPart;
    }
    if (host.isEmpty()) {
      return;
    }
    if (at >= 0) {
      users.add(rest.substring(0, at) + "@" + host);
    } else {
      domains.add(host);
    }
  }

  private static String commonName(X509Certificate cert) {
    try {
      LdapName dn = new LdapName(cert.getSubjectX500Principal().getName());
      String cn = null;
      for (Rdn rdn : dn.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
        }
      }
      return cn;
    } catch (InvalidNameException e) {
      return null;
    }
  }

  /** Whether the certificate proves the SIP domain {@code domain} (RFC 5922 §7.2). */
  public boolean matchesDomain(String domain) {
    String wanted = comparable(domain);
    if (wanted == null) {
      return false;
    }
    for (String d : domains) {
      if (wanted.equals(comparable(d))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the certificate names the user {@code user@host} (compared without case on host). */
  public boolean matchesUser(String userAtHost) {
    int at = userAtHost.lastIndexOf('@');
    if (at < 0) {
      return false;
    }
    for (String u : users) {
      int a = u.lastIndexOf('@');
      if (u.substring(0, a).equals(userAtHost.substring(0, at))
          && u.substring(a + 1).equalsIgnoreCase(userAtHost.substring(at + 1))) {
        return true;
      }
    }
    return false;
  }

  /** A domain as compared: A-labels, lower case, no trailing dot; null when not a name. */
  private static String comparable(String domain) {
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    try {
      return IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
