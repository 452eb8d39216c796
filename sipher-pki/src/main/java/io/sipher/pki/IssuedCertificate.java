package io.sipher.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * A certificate the CA issued, as its index records it.
 *
 * @param revokedAt when it was revoked, or null
 * @param reason why it was revoked, or null
 */
public record IssuedCertificate(
    BigInteger serial,
    CertificateSpec.Profile profile,
    String subject,
    List<String> names,
    Instant notAfter,
    Instant revokedAt,
    RevocationReason reason) {

  public boolean revoked() {
    return revokedAt != null;
  }

  /** The serial as sipher prints it: lower-case hex. */
  public String serialHex() {
    return serial.toString(16);
  }
}
