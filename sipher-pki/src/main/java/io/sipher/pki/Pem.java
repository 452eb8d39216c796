package io.sipher.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reading and writing PEM files: certificate chains, PKCS#8 private keys (also encrypted ones and
 * the older OpenSSL forms), CRLs. Private keys are written with mode 0600, atomically, so that a
 * reader never sees half a key and nobody else ever sees it at all.
 */
public final class Pem {
  /** BouncyCastle, used explicitly where the JDK lacks an algorithm, never installed globally. */
  static final Provider BC = new BouncyCastleProvider();

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private Pem() {}

  /** Every certificate in a PEM file (or a single DER certificate), in file order. */
  public static List<X509Certificate> readCertificates(Path file) {
    byte[] bytes = read(file);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new PkiException(file + ": no certificate found (expected PEM or DER)");
      }
      return out;
    } catch (CertificateException | IOException e) {
      throw new PkiException(file + ": not a readable certificate: " + e.getMessage(), e);
    }
  }

  public static X509CRL readCrl(Path file) {
    byte[] bytes = read(file);
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
    } catch (CRLException | CertificateException | IOException e) {
      throw new PkiException(file + ": not a readable CRL: " + e.getMessage(), e);
    }
  }

  /**
   * The private key in a PEM file: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED
   * PRIVATE KEY}) or the traditional OpenSSL forms ({@code EC PRIVATE KEY}, {@code RSA PRIVATE
   * KEY}, possibly encrypted).
   *
   * @param password for an encrypted key; null when none was given
   */
  public static PrivateKey readPrivateKey(Path file, char[] password) {
    String text = new String(read(file), StandardCharsets.US_ASCII);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (Reader r = new java.io.StringReader(text);
        PEMParser parser = new PEMParser(r)) {
      Object o;
      while ((o = parser.readObject()) != null) {
        if (o instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
        if (o instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
          requirePassword(file, password);
          try {
            InputDecryptorProvider decryptor =
                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password);
            return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(decryptor));
          } catch (PKCSException | PEMException e) {
            throw new PkiException(file + ": cannot decrypt the private key (wrong password?)", e);
          }
        }
        if (o instanceof PEMEncryptedKeyPair encrypted) {
          requirePassword(file, password);
          try {
            return converter
                .getKeyPair(
                    encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password)))
                .getPrivate();
          } catch (IOException e) {
            throw new PkiException(file + ": cannot decrypt the private key (wrong password?)", e);
          }
        }
      }
      throw new PkiException(file + ": no private key found (expected a PEM private key)");
    } catch (OperatorCreationException | IOException e) {
      throw new PkiException(file + ": not a readable private key: " + e.getMessage(), e);
    }
  }

  private static void requirePassword(Path file, char[] password) {
    if (password == null) {
      throw new PkiException(
          file + ": the private key is encrypted and no password was given for it");
    }
  }

  public static String encodeCertificates(List<X509Certificate> chain) {
    return encode(chain.toArray());
  }

  public static String encodeCrl(X509CRL crl) {
    return encode(crl);
  }

  /** The key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
  public static String encodePrivateKey(PrivateKey key) {
    try {
      return encode(new JcaPKCS8Generator(key, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new PkiException("cannot encode the private key: " + e.getMessage(), e);
    }
  }

  private static String encode(Object... objects) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      for (Object o : objects) {
        w.writeObject(o);
      }
    } catch (IOException e) {
      throw new PkiException("cannot write PEM: " + e.getMessage(), e);
    }
    return sw.toString();
  }

  public static void writeCertificates(Path file, List<X509Certificate> chain) {
    write(file, encodeCertificates(chain).getBytes(StandardCharsets.US_ASCII), false);
  }

  /** Writes the key as PKCS#8 PEM with mode 0600. */
  public static void writePrivateKey(Path file, PrivateKey key) {
    writePrivateKey(file, key, null);
  }

  /**
   * Writes the key as PKCS#8 PEM with mode 0600, encrypted (AES-256-CBC, PBKDF2 with HMAC-SHA256)
   * when a password is given.
   */
  public static void writePrivateKey(Path file, PrivateKey key, char[] password) {
    String pem =
        password == null ? encodePrivateKey(key) : encodeEncryptedPrivateKey(key, password);
    write(file, pem.getBytes(StandardCharsets.US_ASCII), true);
  }

  static String encodeEncryptedPrivateKey(PrivateKey key, char[] password) {
    try {
      org.bouncycastle.operator.OutputEncryptor encryptor =
          new org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder(
                  org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
              .setProvider(BC)
              .setPRF(org.bouncycastle.openssl.PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(200_000)
              .setPassword(password)
              .build();
      return encode(new JcaPKCS8Generator(key, encryptor).generate());
    } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new PkiException("cannot encrypt the private key: " + e.getMessage(), e);
    }
  }

  public static void writeCrl(Path file, X509CRL crl) {
    write(file, encodeCrl(crl).getBytes(StandardCharsets.US_ASCII), false);
  }

  /**
   * Writes a file atomically: a temporary file beside it, created with its final permissions (0600
   * for secrets), then moved over the target.
   */
  public static void write(Path file, byte[] content, boolean secret) {
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Path tmp =
          posix
              ? Files.createTempFile(
                  target.getParent(),
                  "." + target.getFileName(),
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(secret ? OWNER_ONLY : WORLD_READABLE))
              : Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
      try {
        Files.write(tmp, content);
        if (posix) {
          Files.setPosixFilePermissions(tmp, secret ? OWNER_ONLY : WORLD_READABLE);
        }
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PkiException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new PkiException(file + ": permission denied", e);
    } catch (IOException e) {
      throw new PkiException(file + ": cannot read: " + e.getMessage(), e);
    }
  }
}
