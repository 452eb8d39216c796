package io.sipher.pki;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a peer's certificate chain the way a SIP entity must before it trusts a TLS connection:
 * validity dates, a path to a configured trust anchor (RFC 5280), revocation against the configured
 * CRLs, the key usages the role needs, and the SIP identity (RFC 5922 §7.2-7.3). Each rejection
 * names its {@linkplain Verification.Reason reason}.
 *
 * <p>Revocation is checked against the CRLs given here (the private CA's, typically); a chain whose
 * issuer has no CRL configured is not checked for revocation. Instances are immutable.
 */
public final class CertificateVerifier {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  /** The side of the TLS connection the certificate's owner plays. */
  public enum Role {
    /** The peer is a TLS server: needs serverAuth (RFC 5280 §4.2.1.12). */
    SERVER,
    /** The peer is a TLS client: needs clientAuth. */
    CLIENT
  }

  private final Set<TrustAnchor> anchors;
  private final List<X509CRL> crls;
  private final Clock clock;

  public CertificateVerifier(
      Collection<X509Certificate> trusted, Collection<X509CRL> crls, Clock clock) {
    if (trusted.isEmpty()) {
      throw new PkiException("no trust anchors configured");
    }
    Set<TrustAnchor> a = new HashSet<>();
    for (X509Certificate c : trusted) {
      a.add(new TrustAnchor(c, null));
    }
    this.anchors = Set.copyOf(a);
    this.crls = List.copyOf(crls);
    this.clock = clock;
  }

  /**
   * Verifies {@code chain} (leaf first) for a peer in {@code role}.
   *
   * @param expectedDomain the SIP domain the peer must prove (RFC 5922 §7.3: the domain of the URI
   *     a request was sent to), or null when only the chain is checked. Never an IP address.
   */
  public Verification verify(List<X509Certificate> chain, Role role, String expectedDomain) {
    if (chain.isEmpty()) {
      return Verification.reject(Verification.Reason.MALFORMED, "no certificate presented", null);
    }
    X509Certificate leaf = chain.get(0);
    SipIdentities ids;
    try {
      ids = SipIdentities.of(leaf);
    } catch (PkiException e) {
      return Verification.reject(Verification.Reason.MALFORMED, e.getMessage(), null);
    }
    Instant now = clock.instant();
    for (X509Certificate c : chain) {
      if (now.isAfter(c.getNotAfter().toInstant())) {
        return Verification.reject(
            Verification.Reason.EXPIRED,
            name(c) + " expired on " + c.getNotAfter().toInstant(),
            ids);
      }
      if (now.isBefore(c.getNotBefore().toInstant())) {
        return Verification.reject(
            Verification.Reason.NOT_YET_VALID,
            name(c) + " is not valid before " + c.getNotBefore().toInstant(),
            ids);
      }
    }
    Verification path = validatePath(chain, now, ids);
    if (path != null) {
      return path;
    }
    Verification revoked = checkRevocation(chain, ids);
    if (revoked != null) {
      return revoked;
    }
    Verification usage = checkUsage(leaf, role, ids);
    if (usage != null) {
      return usage;
    }
    if (expectedDomain != null && !ids.matchesDomain(expectedDomain)) {
      return Verification.reject(
          Verification.Reason.IDENTITY_MISMATCH,
          "the certificate proves "
              + (ids.domains().isEmpty() ? "no SIP domain" : ids.domains())
              + ", not "
              + expectedDomain
              + " (RFC 5922 §7.2: exact match, no wildcards)",
          ids);
    }
    return Verification.accept(
        "chain of " + chain.size() + " to a trusted CA; identities " + ids.domains(), ids);
  }

  private Verification validatePath(List<X509Certificate> chain, Instant now, SipIdentities ids) {
    // The path handed to PKIX excludes any trust anchor the peer sent along.
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (!isAnchor(c)) {
        path.add(c);
      }
    }
    if (path.isEmpty()) {
      return null; // the peer presented a trust anchor itself
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false); // CRLs are checked below, with clearer reasons
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return null;
    } catch (CertPathValidatorException e) {
      Verification.Reason reason =
          e.getReason() == PKIXReason.INVALID_KEY_USAGE
              ? Verification.Reason.WRONG_USAGE
              : Verification.Reason.UNTRUSTED_ISSUER;
      String what =
          e.getReason() == PKIXReason.NO_TRUST_ANCHOR
              ? "no path to a trusted CA (issuer "
                  + chain.get(chain.size() - 1).getIssuerX500Principal().getName()
                  + ")"
              : e.getMessage();
      return Verification.reject(reason, what, ids);
    } catch (InvalidAlgorithmParameterException e) {
      throw new PkiException("unusable trust anchors: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      return Verification.reject(Verification.Reason.MALFORMED, e.getMessage(), ids);
    }
  }

  private boolean isAnchor(X509Certificate c) {
    for (TrustAnchor a : anchors) {
      if (a.getTrustedCert().equals(c)) {
        return true;
      }
    }
    return false;
  }

  private Verification checkRevocation(List<X509Certificate> chain, SipIdentities ids) {
    for (X509Certificate c : chain) {
      for (X509CRL crl : crls) {
        if (!crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
          continue;
        }
        if (!signedByIssuer(crl, c, chain)) {
          continue; // a CRL we cannot authenticate says nothing
        }
        X509CRLEntry entry = crl.getRevokedCertificate(c.getSerialNumber());
        if (entry != null) {
          return Verification.reject(
              Verification.Reason.REVOKED,
              name(c)
                  + " (serial "
                  + c.getSerialNumber().toString(16)
                  + ") was revoked on "
                  + entry.getRevocationDate().toInstant()
                  + (entry.getRevocationReason() != null
                      ? " (" + entry.getRevocationReason() + ")"
                      : ""),
              ids);
        }
      }
    }
    return null;
  }

  private boolean signedByIssuer(
      X509CRL crl, X509Certificate subject, List<X509Certificate> chain) {
    List<X509Certificate> candidates = new ArrayList<>(chain);
    for (TrustAnchor a : anchors) {
      candidates.add(a.getTrustedCert());
    }
    for (X509Certificate issuer : candidates) {
      if (issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
        try {
          crl.verify(issuer.getPublicKey());
          return true;
        } catch (GeneralSecurityException e) {
          // try the next candidate
        }
      }
    }
    return false;
  }

  /**
   * RFC 5280 §4.2.1.12: when extendedKeyUsage is present it must allow the role (serverAuth for a
   * server, clientAuth for a client); keyUsage, when present, must allow signatures, which every
   * TLS 1.2 ECDHE and TLS 1.3 handshake needs.
   */
  private static Verification checkUsage(X509Certificate leaf, Role role, SipIdentities ids) {
    try {
      List<String> eku = leaf.getExtendedKeyUsage();
      String needed = role == Role.SERVER ? SERVER_AUTH : CLIENT_AUTH;
      if (eku != null && !eku.contains(needed) && !eku.contains(ANY_USAGE)) {
        return Verification.reject(
            Verification.Reason.WRONG_USAGE,
            "the certificate is not for a TLS "
                + role.name().toLowerCase(java.util.Locale.ROOT)
                + " (extendedKeyUsage lacks "
                + (role == Role.SERVER ? "serverAuth" : "clientAuth")
                + ")",
            ids);
      }
    } catch (CertificateParsingException e) {
      return Verification.reject(Verification.Reason.MALFORMED, e.getMessage(), ids);
    }
    boolean[] ku = leaf.getKeyUsage();
    if (ku != null && !ku[0]) {
      return Verification.reject(
          Verification.Reason.WRONG_USAGE, "keyUsage does not allow digitalSignature", ids);
    }
    return null;
  }

  private static String name(X509Certificate c) {
    return "certificate '" + c.getSubjectX500Principal().getName() + "'";
  }
}
