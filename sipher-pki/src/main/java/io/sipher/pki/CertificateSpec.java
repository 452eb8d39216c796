package io.sipher.pki;

import java.time.Instant;
import java.util.List;

/**
 * What to put in a certificate the CA issues.
 *
 * @param profile server (serverAuth and clientAuth) or client (clientAuth only)
 * @param commonName the subject CN
 * @param uris subjectAltName URIs ({@code sip:example.com}, {@code sip:alice@example.com})
 * @param dnsNames subjectAltName DNS names
 * @param ipAddresses subjectAltName IP addresses
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param keyType the key to generate
 */
public record CertificateSpec(
    Profile profile,
    String commonName,
    List<String> uris,
    List<String> dnsNames,
    List<String> ipAddresses,
    Instant notBefore,
    Instant notAfter,
    KeyType keyType) {

  /** The certificate's purpose, which fixes its key usages. */
  public enum Profile {
    /** A SIP server or proxy: TLS server, and client towards other proxies (RFC 5922 §8). */
    SERVER,
    /** A phone or user: TLS client only. */
    CLIENT
  }

  public CertificateSpec {
    uris = List.copyOf(uris);
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    if (!notAfter.isAfter(notBefore)) {
      throw new PkiException("a certificate must end after it starts");
    }
  }

  public CertificateSpec withValidity(Instant from, Instant to) {
    return new CertificateSpec(profile, commonName, uris, dnsNames, ipAddresses, from, to, keyType);
  }

  public CertificateSpec withProfile(Profile p) {
    return new CertificateSpec(
        p, commonName, uris, dnsNames, ipAddresses, notBefore, notAfter, keyType);
  }
}
