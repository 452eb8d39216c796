package io.sipher.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A private key and its certificate chain, leaf first: what a TLS endpoint presents. Loaded from
 * PEM files or a PKCS#12 bundle, always checked to belong together. {@link #toString()} never shows
 * the key.
 */
public final class KeyMaterial {
  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;

  private KeyMaterial(PrivateKey privateKey, List<X509Certificate> chain) {
    this.privateKey = privateKey;
    this.chain = List.copyOf(chain);
  }

  /**
   * Key material from a key and a chain, checked to match.
   *
   * @throws PkiException when the chain is empty or the key is not the leaf certificate's
   */
  public static KeyMaterial of(PrivateKey key, List<X509Certificate> chain) {
    if (chain.isEmpty()) {
      throw new PkiException("no certificate given for the private key");
    }
    return new KeyMaterial(key, leafFirst(key, chain, "the certificate chain"));
  }

  /** Reads a PEM certificate chain and a PEM private key (encrypted when a password is given). */
  public static KeyMaterial fromPem(Path certificates, Path privateKey, char[] keyPassword) {
    PrivateKey key = Pem.readPrivateKey(privateKey, keyPassword);
    List<X509Certificate> chain = Pem.readCertificates(certificates);
    return new KeyMaterial(key, leafFirst(key, chain, certificates + " and " + privateKey));
  }

  /** Reads a PKCS#12 bundle holding one key entry. */
  public static KeyMaterial fromPkcs12(Path file, char[] password) {
    byte[] bytes = Pem.read(file); // names a missing or unreadable file precisely
    KeyStore ks;
    try {
      ks = KeyStore.getInstance("PKCS12");
      ks.load(new java.io.ByteArrayInputStream(bytes), password);
    } catch (IOException e) {
      throw new PkiException(file + ": cannot open the PKCS#12 file (wrong password?)", e);
    } catch (GeneralSecurityException e) {
      throw new PkiException(file + ": unusable PKCS#12 file: " + e.getMessage(), e);
    }
    try {
      for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements(); ) {
        String alias = aliases.nextElement();
        if (!ks.isKeyEntry(alias)) {
          continue;
        }
        Key key = ks.getKey(alias, password);
        Certificate[] certs = ks.getCertificateChain(alias);
        if (!(key instanceof PrivateKey pk) || certs == null) {
          continue; // a secret key entry, or a key without certificates
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : certs) {
          chain.add((X509Certificate) c);
        }
        return new KeyMaterial(pk, leafFirst(pk, chain, file.toString()));
      }
    } catch (GeneralSecurityException e) {
      throw new PkiException(
          file + ": cannot read the key in the PKCS#12 file: " + e.getMessage(), e);
    }
    throw new PkiException(file + ": the PKCS#12 file holds no private key with a certificate");
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public List<X509Certificate> chain() {
    return chain;
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The bundle phones import: key and chain, protected by {@code password}. */
  public byte[] toPkcs12(String alias, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password);
      return out.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new PkiException("cannot build the PKCS#12 bundle: " + e.getMessage(), e);
    }
  }

  /**
   * Puts the certificate whose public key matches {@code key} first and the rest in issuing order;
   * refuses a chain in which no certificate matches the key.
   */
  static List<X509Certificate> leafFirst(
      PrivateKey key, List<X509Certificate> chain, String where) {
    X509Certificate leaf = null;
    for (X509Certificate c : chain) {
      if (matches(key, c)) {
        leaf = c;
        break;
      }
    }
    if (leaf == null) {
      throw new PkiException(
          where
              + ": the private key does not belong to "
              + (chain.size() == 1 ? "the certificate" : "any certificate of the chain")
              + " ("
              + chain.get(0).getSubjectX500Principal().getName()
              + ")");
    }
    List<X509Certificate> rest = new ArrayList<>(chain);
    rest.remove(leaf);
    List<X509Certificate> ordered = new ArrayList<>();
    ordered.add(leaf);
    X509Certificate current = leaf;
    while (!rest.isEmpty()) {
      X509Certificate issuer = null;
      for (X509Certificate c : rest) {
        if (c.getSubjectX500Principal().equals(current.getIssuerX500Principal())
            && signed(c, current)) {
          issuer = c;
          break;
        }
      }
      if (issuer == null) {
        break; // unrelated certificates stay at the end, in file order
      }
      ordered.add(issuer);
      rest.remove(issuer);
      current = issuer;
    }
    ordered.addAll(rest);
    return Collections.unmodifiableList(ordered);
  }

  /** Whether {@code issuer}'s key signed {@code subject}: names alone can repeat across CAs. */
  private static boolean signed(X509Certificate issuer, X509Certificate subject) {
    try {
      subject.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether {@code key} is the private half of the certificate's key: sign and verify. */
  static boolean matches(PrivateKey key, X509Certificate cert) {
    java.security.PublicKey pub = cert.getPublicKey();
    if (key instanceof java.security.interfaces.RSAKey rk
        && pub instanceof java.security.interfaces.RSAKey rp) {
      return rk.getModulus().equals(rp.getModulus()); // any RSA flavour, PSS included
    }
    if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
      return false;
    }
    String alg =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
          default -> null;
        };
    if (alg == null) {
      return false;
    }
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(probe);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(pub);
      verifier.update(probe);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "KeyMaterial["
        + leaf().getSubjectX500Principal().getName()
        + ", chain of "
        + chain.size()
        + "]";
  }
}
