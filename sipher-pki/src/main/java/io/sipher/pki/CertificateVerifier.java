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
    // The path is what links the leaf to an anchor; other certificates a peer sends are ignored.
    List<X509Certificate> path = buildPath(chain);
    X509Certificate anchor = anchorOf(path.get(path.size() - 1));
    List<X509Certificate> dated = new ArrayList<>(path);
    if (anchor != null && !dated.contains(anchor)) {
      dated.add(anchor);
    }
    for (X509Certificate c : dated) {
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
    Verification pathCheck = validatePath(path, now, ids);
    if (pathCheck != null) {
      return pathCheck;
    }
    Verification revoked = checkRevocation(path, anchor, now, ids);
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
        "chain of " + path.size() + " to a trusted CA; identities " + ids.domains(), ids);
  }

  /** From the leaf, each next certificate is the one that signed the previous. */
  private List<X509Certificate> buildPath(List<X509Certificate> chain) {
    List<X509Certificate> path = new ArrayList<>();
    X509Certificate current = chain.get(0);
    path.add(current);
    List<X509Certificate> rest = new ArrayList<>(chain.subList(1, chain.size()));
    while (anchorOf(current) == null) {
      X509Certificate issuer = null;
      for (X509Certificate c : rest) {
        if (issued(c, current)) {
          issuer = c;
          break;
        }
      }
      if (issuer == null) {
        break;
      }
      path.add(issuer);
      rest.remove(issuer);
      current = issuer;
    }
    return path;
  }

  /** The trust anchor that is {@code c} or that signed it, or null. */
  private X509Certificate anchorOf(X509Certificate c) {
    for (TrustAnchor a : anchors) {
      X509Certificate t = a.getTrustedCert();
      if (t.equals(c) || issued(t, c)) {
        return t;
      }
    }
    return null;
  }

  private static boolean issued(X509Certificate issuer, X509Certificate subject) {
    if (!issuer.getSubjectX500Principal().equals(subject.getIssuerX500Principal())) {
      return false;
    }
    try {
      subject.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
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
                  + path.get(path.size() - 1).getIssuerX500Principal().getName()
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

  /**
   * RFC 5280 §6.3: for each certificate of the path whose issuer has a configured CRL, one such CRL
   * must be current (thisUpdate passed, nextUpdate not) and signed by the issuer with a key allowed
   * to sign CRLs; a stale or unauthenticated CRL is not silently skipped.
   */
  private Verification checkRevocation(
      List<X509Certificate> path, X509Certificate anchor, Instant now, SipIdentities ids) {
    for (int i = 0; i < path.size(); i++) {
      X509Certificate c = path.get(i);
      if (c.equals(anchor)) {
        continue;
      }
      X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
      List<X509CRL> forIssuer = new ArrayList<>();
      for (X509CRL crl : crls) {
        if (crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
          forIssuer.add(crl);
        }
      }
      if (forIssuer.isEmpty()) {
        continue; // no CRL configured for this issuer: revocation is not checked
      }
      X509CRL usable = null;
      String problem = "not signed by the issuer";
      for (X509CRL crl : forIssuer) {
        if (issuer == null || !signedBy(crl, issuer)) {
          continue;
        }
        if (crl.getThisUpdate().toInstant().isAfter(now)) {
          problem = "not valid before " + crl.getThisUpdate().toInstant();
        } else if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
          problem = "out of date since " + crl.getNextUpdate().toInstant();
        } else {
          usable = crl;
          break;
        }
      }
      if (usable == null) {
        return Verification.reject(
            Verification.Reason.REVOCATION_UNKNOWN,
            "the CRL of " + c.getIssuerX500Principal().getName() + " is " + problem,
            ids);
      }
      X509CRLEntry entry = usable.getRevokedCertificate(c.getSerialNumber());
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
    return null;
  }

  /** The CRL verifies with the issuer's key, and that key may sign CRLs (keyUsage cRLSign). */
  private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
    boolean[] ku = issuer.getKeyUsage();
    if (ku != null && (ku.length < 7 || !ku[6])) {
      return false;
    }
    try {
      crl.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
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
