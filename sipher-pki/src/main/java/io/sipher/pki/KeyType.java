package io.sipher.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;

/** The key types sipher generates. ECDSA P-256 is the default: small, fast, accepted widely. */
public enum KeyType {
  EC("ec", "SHA256withECDSA"),
  RSA2048("rsa2048", "SHA256withRSA"),
  RSA3072("rsa3072", "SHA256withRSA"),
  RSA4096("rsa4096", "SHA256withRSA");

  private final String option;
  private final String signatureAlgorithm;

  KeyType(String option, String signatureAlgorithm) {
    this.option = option;
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The name used on the command line ({@code ec}, {@code rsa2048}...). */
  public String option() {
    return option;
  }

  /** The algorithm a key of this type signs certificates and CRLs with. */
  public String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** The signature algorithm for an existing key (a CA key loaded from disk). */
  public static String signatureAlgorithmFor(PrivateKey key) {
    return key instanceof ECKey ? EC.signatureAlgorithm : RSA2048.signatureAlgorithm;
  }

  public static KeyType fromOption(String option) {
    for (KeyType t : values()) {
      if (t.option.equalsIgnoreCase(option)) {
        return t;
      }
    }
    throw new PkiException(
        "unknown key type '" + option + "' (use ec, rsa2048, rsa3072 or rsa4096)");
  }

  public KeyPair generate() {
    try {
      KeyPairGenerator g;
      if (this == EC) {
        g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      } else {
        g = KeyPairGenerator.getInstance("RSA");
        g.initialize(
            switch (this) {
              case RSA2048 -> 2048;
              case RSA3072 -> 3072;
              default -> 4096;
            },
            new SecureRandom());
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot generate a " + option + " key: " + e.getMessage(), e);
    }
  }
}
