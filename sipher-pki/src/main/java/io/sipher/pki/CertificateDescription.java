package io.sipher.pki;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A person-readable account of a certificate: what {@code sipher cert show} prints. */
public final class CertificateDescription {
  private static final String[] KEY_USAGES = {
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly"
  };

  private CertificateDescription() {}

  /** The lines describing {@code c}, judged at {@code now}. */
  public static List<String> describe(X509Certificate c, Instant now) {
    List<String> out = new ArrayList<>();
    out.add("Subject:            " + c.getSubjectX500Principal().getName());
    out.add("Issuer:             " + c.getIssuerX500Principal().getName());
    out.add("Serial:             " + c.getSerialNumber().toString(16));
    out.add(
        "Valid:              "
            + c.getNotBefore().toInstant()
            + " to "
            + c.getNotAfter().toInstant()
            + " ("
            + status(c, now)
            + ")");
    out.add("Key:                " + keyDescription(c.getPublicKey()));
    out.add("Signature:          " + c.getSigAlgName());
    out.add("Subject alt names:  " + String.join(", ", subjectAltNames(c)));
    SipIdentities ids = SipIdentities.of(c);
    String domains =
        ids.domains().isEmpty()
            ? "none"
            : String.join(", ", ids.domains()) + " (from " + source(ids.source()) + ")";
    out.add("SIP domains:        " + domains + "  [RFC 5922 §7.1]");
    if (!ids.users().isEmpty()) {
      out.add("SIP users:          " + String.join(", ", ids.users()));
    }
    out.add("Key usage:          " + keyUsage(c));
    out.add("Extended key usage: " + extendedKeyUsage(c));
    int pathLen = c.getBasicConstraints();
    out.add(
        "CA:                 "
            + (pathLen < 0
                ? "no"
                : "yes" + (pathLen == Integer.MAX_VALUE ? "" : " (path length " + pathLen + ")")));
    return out;
  }

  static String status(X509Certificate c, Instant now) {
    Instant from = c.getNotBefore().toInstant();
    Instant to = c.getNotAfter().toInstant();
    if (now.isBefore(from)) {
      return "NOT YET VALID, starts in " + Duration.between(now, from).toDays() + " days";
    }
    if (now.isAfter(to)) {
      return "EXPIRED " + Duration.between(to, now).toDays() + " days ago";
    }
    return Duration.between(now, to).toDays() + " days left";
  }

  static String keyDescription(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      return "EC P-" + bits + " (" + bits + " bits)";
    }
    if (key instanceof RSAPublicKey rsa) {
      return "RSA " + rsa.getModulus().bitLength() + " bits";
    }
    return key.getAlgorithm();
  }

  private static String source(SipIdentities.Source s) {
    return switch (s) {
      case SIP_URI -> "sip URI subjectAltName";
      case DNS_NAME -> "DNS subjectAltName";
      case COMMON_NAME -> "subject CN, no subjectAltName";
      case NONE -> "nothing";
    };
  }

  static List<String> subjectAltNames(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = c.getSubjectAlternativeNames();
      if (sans == null) {
        return List.of("none");
      }
      for (List<?> san : sans) {
        int type = (Integer) san.get(0);
        String prefix =
            switch (type) {
              case 1 -> "email:";
              case 2 -> "DNS:";
              case 6 -> "URI:";
              case 7 -> "IP:";
              default -> "other(" + type + "):";
            };
        out.add(prefix + san.get(1));
      }
    } catch (CertificateParsingException e) {
      out.add("unreadable (" + e.getMessage() + ")");
    }
    return out;
  }

  private static String keyUsage(X509Certificate c) {
    boolean[] ku = c.getKeyUsage();
    if (ku == null) {
      return "not restricted";
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < ku.length && i < KEY_USAGES.length; i++) {
      if (ku[i]) {
        names.add(KEY_USAGES[i]);
      }
    }
    return String.join(", ", names);
  }

  private static String extendedKeyUsage(X509Certificate c) {
    try {
      List<String> eku = c.getExtendedKeyUsage();
      if (eku == null) {
        return "not restricted";
      }
      List<String> names = new ArrayList<>();
      for (String oid : eku) {
        names.add(
            switch (oid) {
              case "1.3.6.1.5.5.7.3.1" -> "serverAuth";
              case "1.3.6.1.5.5.7.3.2" -> "clientAuth";
              case "1.3.6.1.5.5.7.3.20" -> "sipDomain";
              default -> oid;
            });
      }
      return String.join(", ", names);
    } catch (CertificateParsingException e) {
      return "unreadable";
    }
  }
}
