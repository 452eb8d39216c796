package io.sipher.pki;

/**
 * The outcome of checking a peer's certificate chain: accepted, or rejected for one specific reason
 * with a sentence that explains it.
 *
 * @param reason null when accepted
 * @param detail what exactly was found wrong, or a summary when accepted
 * @param identities the SIP identities of the leaf certificate (RFC 5922 §7.1)
 */
public record Verification(Reason reason, String detail, SipIdentities identities) {

  /** Why a chain was rejected. */
  public enum Reason {
    EXPIRED,
    NOT_YET_VALID,
    UNTRUSTED_ISSUER,
    REVOKED,
    /** A CRL for the issuer is configured but out of date or not signed by the issuer. */
    REVOCATION_UNKNOWN,
    WRONG_USAGE,
    IDENTITY_MISMATCH,
    MALFORMED
  }

  public boolean accepted() {
    return reason == null;
  }

  static Verification accept(String detail, SipIdentities identities) {
    return new Verification(null, detail, identities);
  }

  static Verification reject(Reason reason, String detail, SipIdentities identities) {
    return new Verification(reason, detail, identities);
  }

  @Override
  public String toString() {
    return accepted() ? "accepted: " + detail : "rejected (" + reason + "): " + detail;
  }
}
