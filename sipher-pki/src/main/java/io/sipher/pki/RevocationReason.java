package io.sipher.pki;

/** Why a certificate was revoked: the CRLReason codes of RFC 5280 §5.3.1. */
public enum RevocationReason {
  UNSPECIFIED(0),
  KEY_COMPROMISE(1),
  CA_COMPROMISE(2),
  AFFILIATION_CHANGED(3),
  SUPERSEDED(4),
  CESSATION_OF_OPERATION(5),
  CERTIFICATE_HOLD(6),
  PRIVILEGE_WITHDRAWN(9),
  AA_COMPROMISE(10);

  private final int code;

  RevocationReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The name used on the command line and in the index: {@code key-compromise}. */
  public String option() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public static RevocationReason fromOption(String s) {
    for (RevocationReason r : values()) {
      if (r.option().equalsIgnoreCase(s) || r.name().equalsIgnoreCase(s)) {
        return r;
      }
    }
    throw new PkiException(
        "unknown revocation reason '"
            + s
            + "' (use one of: "
            + String.join(
                ", ", java.util.Arrays.stream(values()).map(RevocationReason::option).toList())
            + ")");
  }
}
