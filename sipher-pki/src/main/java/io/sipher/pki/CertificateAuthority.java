package io.sipher.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority kept in a folder: its certificate ({@code ca.crt}), its key
 * ({@code ca.key}, mode 0600), the index of what it issued ({@code index.tsv}) and its latest CRL
 * ({@code crl.pem}). It issues the certificates SIP over TLS needs: server certificates that carry
 * the RFC 5922 identity {@code URI:sip:<domain>} with serverAuth and clientAuth, and phone
 * certificates that carry {@code URI:sip:<user>@<domain>} with clientAuth.
 */
public final class CertificateAuthority {
  public static final String CERT_FILE = "ca.crt";
  public static final String KEY_FILE = "ca.key";
  public static final String INDEX_FILE = "index.tsv";
  public static final String CRL_FILE = "crl.pem";
  private static final String CRL_NUMBER_FILE = "crlnumber";

  /** Leaf validity by default: 397 days, the longest public CAs may issue and browsers accept. */
  public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(397);

  public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);

  /** Backdating absorbs clock skew between the CA and the peers that check its certificates. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final KeyMaterial ca;
  private final Clock clock;

  private CertificateAuthority(Path dir, KeyMaterial ca, Clock clock) {
    this.dir = dir;
    this.ca = ca;
    this.clock = clock;
  }

  /**
   * Creates a CA in {@code dir}: an EC P-256 (or RSA) key and a self-signed certificate with
   * basicConstraints CA:true (critical, path length 0), keyUsage keyCertSign and cRLSign (critical)
   * and a subject key identifier.
   *
   * @throws PkiException when a CA exists there and {@code force} is false
   */
  public static CertificateAuthority create(
      Path dir, String name, KeyType keyType, Duration validity, boolean force, Clock clock) {
    return create(dir, name, keyType, validity, force, clock, null);
  }

  /**
   * As {@link #create(Path, String, KeyType, Duration, boolean, Clock)}, with the CA key encrypted
   * on disk (PKCS#8, AES-256 with PBKDF2) when {@code keyPassword} is given.
   */
  public static CertificateAuthority create(
      Path dir,
      String name,
      KeyType keyType,
      Duration validity,
      boolean force,
      Clock clock,
      char[] keyPassword) {
    if (!force && (Files.exists(dir.resolve(CERT_FILE)) || Files.exists(dir.resolve(KEY_FILE)))) {
      throw new PkiException(
          "a CA already exists in "
              + dir
              + "; use --force to replace it (certificates it issued"
              + " will no longer verify)");
    }
    if (name == null || name.isBlank()) {
      throw new PkiException("the CA needs a name");
    }
    KeyPair kp = keyType.generate();
    Instant now = clock.instant();
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            subject,
            randomSerial(),
            Date.from(now.minus(BACKDATE)),
            Date.from(now.plus(validity)),
            subject,
            kp.getPublic());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new PkiException("cannot build the CA certificate: " + e.getMessage(), e);
    }
    X509Certificate cert = sign(b, kp.getPrivate());
    Pem.writePrivateKey(dir.resolve(KEY_FILE), kp.getPrivate(), keyPassword);
    Pem.writeCertificates(dir.resolve(CERT_FILE), List.of(cert));
    CaIndex.write(dir.resolve(INDEX_FILE), List.of());
    try {
      Files.deleteIfExists(dir.resolve(CRL_FILE));
      Files.deleteIfExists(dir.resolve(CRL_NUMBER_FILE));
    } catch (IOException e) {
      throw new PkiException("cannot clear the old CRL in " + dir + ": " + e.getMessage(), e);
    }
    return new CertificateAuthority(dir, KeyMaterial.of(kp.getPrivate(), List.of(cert)), clock);
  }

  /**
   * Opens the CA in {@code dir}.
   *
   * @throws PkiException when there is none, or its key does not match its certificate
   */
  public static CertificateAuthority open(Path dir, Clock clock) {
    return open(dir, clock, null);
  }

  /** Opens a CA whose key may be encrypted with {@code keyPassword}. */
  public static CertificateAuthority open(Path dir, Clock clock, char[] keyPassword) {
    if (!Files.exists(dir.resolve(CERT_FILE)) || !Files.exists(dir.resolve(KEY_FILE))) {
      throw new PkiException("no CA in " + dir + " (run 'sipher ca init' first)");
    }
    KeyMaterial material =
        KeyMaterial.fromPem(dir.resolve(CERT_FILE), dir.resolve(KEY_FILE), keyPassword);
    return new CertificateAuthority(dir, material, clock);
  }

  public Path directory() {
    return dir;
  }

  public X509Certificate certificate() {
    return ca.leaf();
  }

  /** A server certificate for {@code domain} (RFC 5922 §8: URI:sip:domain and DNS:domain). */
  public KeyMaterial issueServer(
      String domain, List<String> dnsNames, List<String> ips, KeyType keyType, Duration validity) {
    if (!Hostnames.isDnsName(domain)) {
      throw new PkiException("'" + domain + "' is not a valid domain name");
    }
    String name = asciiName(domain);
    List<String> dns = new ArrayList<>();
    dns.add(name);
    for (String d : dnsNames) {
      if (!Hostnames.isDnsName(d) && !isWildcard(d)) {
        throw new PkiException("'" + d + "' is not a valid DNS name");
      }
      String ascii = isWildcard(d) ? "*." + asciiName(d.substring(2)) : asciiName(d);
      if (!dns.contains(ascii)) {
        dns.add(ascii);
      }
    }
    for (String ip : ips) {
      ipAddress(ip); // validates
    }
    Instant now = clock.instant();
    return issue(
        new CertificateSpec(
            CertificateSpec.Profile.SERVER,
            name,
            List.of("sip:" + name),
            dns,
            ips,
            now.minus(BACKDATE),
            now.plus(validity),
            keyType));
  }

  /** A phone or user certificate for {@code user@domain}: URI:sip:user@domain, clientAuth. */
  public KeyMaterial issueClient(String userAtDomain, KeyType keyType, Duration validity) {
    int at = userAtDomain.lastIndexOf('@');
    if (at <= 0 || at == userAtDomain.length() - 1) {
      throw new PkiException("'" + userAtDomain + "' is not user@domain");
    }
    String user = userAtDomain.substring(0, at);
    String domain = userAtDomain.substring(at + 1);
    if (!Hostnames.isDnsName(domain)) {
      throw new PkiException("'" + domain + "' is not a valid domain name");
    }
    for (int i = 0; i < user.length(); i++) {
      char c = user.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-_.!~*'()&=+$/".indexOf(c) >= 0;
      if (!ok) {
        throw new PkiException("'" + user + "' has characters a SIP user part cannot hold");
      }
    }
    String identity = user + "@" + asciiName(domain);
    Instant now = clock.instant();
    return issue(
        new CertificateSpec(
            CertificateSpec.Profile.CLIENT,
            identity,
            List.of("sip:" + identity),
            List.of(),
            List.of(),
            now.minus(BACKDATE),
            now.plus(validity),
            keyType));
  }

  /**
   * Issues a certificate as specified: a new key, a random 128-bit serial, basicConstraints
   * CA:false, keyUsage digitalSignature (and keyEncipherment for RSA), extendedKeyUsage per
   * profile, the subjectAltNames, and authority and subject key identifiers. The validity is cut to
   * the CA's own.
   *
   * @throws PkiException when the CA certificate is expired or not yet valid
   */
  public KeyMaterial issue(CertificateSpec spec) {
    X509Certificate caCert = ca.leaf();
    Instant now = clock.instant();
    if (now.isAfter(caCert.getNotAfter().toInstant())) {
      throw new PkiException(
          "the CA certificate expired on "
              + caCert.getNotAfter().toInstant()
              + "; create a new CA with 'sipher ca init --force'");
    }
    if (now.isBefore(caCert.getNotBefore().toInstant())) {
      throw new PkiException(
          "the CA certificate is not valid before " + caCert.getNotBefore().toInstant());
    }
    Instant notAfter =
        spec.notAfter().isAfter(caCert.getNotAfter().toInstant())
            ? caCert.getNotAfter().toInstant()
            : spec.notAfter();
    KeyPair kp = spec.keyType().generate();
    BigInteger serial = randomSerial();
    // RFC 5280 ub-common-name is 64: a longer name lives in the subjectAltName only, and an empty
    // subject makes that extension critical (§4.2.1.6).
    boolean cn = spec.commonName() != null && spec.commonName().length() <= 64;
    X500Name subject =
        cn
            ? new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, spec.commonName()).build()
            : new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
    X509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            caCert,
            serial,
            Date.from(spec.notBefore()),
            Date.from(notAfter),
            subject,
            kp.getPublic());
    List<GeneralName> names = new ArrayList<>();
    for (String uri : spec.uris()) {
      names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri));
    }
    for (String dns : spec.dnsNames()) {
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (String ip : spec.ipAddresses()) {
      names.add(new GeneralName(GeneralName.iPAddress, ipAddress(ip)));
    }
    int usage =
        KeyUsage.digitalSignature
            | (kp.getPublic() instanceof RSAKey ? KeyUsage.keyEncipherment : 0);
    KeyPurposeId[] purposes =
        spec.profile() == CertificateSpec.Profile.SERVER
            ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
            : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      if (!names.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            !cn,
            new GeneralNames(names.toArray(new GeneralName[0])));
      }
      b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(caCert));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new PkiException("cannot build the certificate: " + e.getMessage(), e);
    }
    X509Certificate cert = sign(b, ca.privateKey());
    List<String> all = new ArrayList<>(spec.uris());
    all.addAll(spec.dnsNames());
    all.addAll(spec.ipAddresses());
    locked(
        () -> {
          List<CaIndex.Entry> index = CaIndex.read(dir.resolve(INDEX_FILE));
          index.add(
              new CaIndex.Entry(
                  serial, spec.profile(), spec.commonName(), all, notAfter, null, null));
          CaIndex.write(dir.resolve(INDEX_FILE), index);
          return null;
        });
    return KeyMaterial.of(kp.getPrivate(), List.of(cert, caCert));
  }

  /**
   * Runs {@code body} holding the CA folder's lock, so that two commands at once cannot lose an
   * index entry or reuse a CRL number. The JVM-wide monitor covers threads, the file lock other
   * processes.
   */
  private <T> T locked(java.util.function.Supplier<T> body) {
    synchronized (CertificateAuthority.class) {
      try (java.nio.channels.FileChannel ch =
          java.nio.channels.FileChannel.open(
              dir.resolve(".lock"),
              java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.WRITE)) {
        java.nio.channels.FileLock lock = ch.lock();
        try {
          return body.get();
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new PkiException("cannot lock the CA folder " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  /** Everything this CA issued, oldest first. */
  public List<IssuedCertificate> list() {
    List<IssuedCertificate> out = new ArrayList<>();
    for (CaIndex.Entry e : CaIndex.read(dir.resolve(INDEX_FILE))) {
      out.add(toIssued(e));
    }
    return out;
  }

  /**
   * Marks a certificate revoked; {@link #writeCrl} publishes it.
   *
   * @throws PkiException when this CA issued no certificate with that serial, or it is already
   *     revoked
   */
  public IssuedCertificate revoke(BigInteger serial, RevocationReason reason) {
    return locked(() -> revokeLocked(serial, reason));
  }

  private IssuedCertificate revokeLocked(BigInteger serial, RevocationReason reason) {
    Path file = dir.resolve(INDEX_FILE);
    List<CaIndex.Entry> index = CaIndex.read(file);
    for (int i = 0; i < index.size(); i++) {
      CaIndex.Entry e = index.get(i);
      if (e.serial().equals(serial)) {
        if (e.revoked()) {
          throw new PkiException("certificate " + serial.toString(16) + " is already revoked");
        }
        CaIndex.Entry revoked = e.revoke(clock.instant(), reason);
        index.set(i, revoked);
        CaIndex.write(file, index);
        return toIssued(revoked);
      }
    }
    throw new PkiException("this CA issued no certificate with serial " + serial.toString(16));
  }

  /**
   * Signs a CRL of every revoked certificate, valid for {@code validity}, with an increasing CRL
   * number (RFC 5280 §5.2.3), and writes it to {@code crl.pem}.
   */
  public X509CRL writeCrl(Duration validity) {
    return locked(() -> writeCrlLocked(validity));
  }

  private X509CRL writeCrlLocked(Duration validity) {
    Instant now = clock.instant();
    X509Certificate caCert = ca.leaf();
    JcaX509v2CRLBuilder b = new JcaX509v2CRLBuilder(caCert, Date.from(now));
    b.setNextUpdate(Date.from(now.plus(validity)));
    for (CaIndex.Entry e : CaIndex.read(dir.resolve(INDEX_FILE))) {
      if (e.revoked()) {
        b.addCRLEntry(e.serial(), Date.from(e.revokedAt()), e.reason().code());
      }
    }
    BigInteger number = nextCrlNumber();
    try {
      b.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyId(caCert));
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
      X509CRL crl = new JcaX509CRLConverter().getCRL(b.build(signer(ca.privateKey())));
      Pem.writeCrl(dir.resolve(CRL_FILE), crl);
      return crl;
    } catch (CertIOException | GeneralSecurityException e) {
      throw new PkiException("cannot build the CRL: " + e.getMessage(), e);
    }
  }

  private BigInteger nextCrlNumber() {
    Path file = dir.resolve(CRL_NUMBER_FILE);
    BigInteger next = BigInteger.ONE;
    if (Files.exists(file)) {
      String text = new String(Pem.read(file), StandardCharsets.US_ASCII).strip();
      try {
        next = new BigInteger(text).add(BigInteger.ONE);
      } catch (NumberFormatException e) {
        throw new PkiException(file + ": not a CRL number: '" + text + "'", e);
      }
    }
    Pem.write(file, (next + "\n").getBytes(StandardCharsets.US_ASCII), false);
    return next;
  }

  private IssuedCertificate toIssued(CaIndex.Entry e) {
    return new IssuedCertificate(
        e.serial(), e.profile(), e.subject(), e.names(), e.notAfter(), e.revokedAt(), e.reason());
  }

  /**
   * The authority key identifier of certificates this CA signs: the CA's own subject key identifier
   * and nothing else (no issuer name and serial, which would tie every leaf to one particular CA
   * certificate).
   */
  private static AuthorityKeyIdentifier authorityKeyId(X509Certificate caCert)
      throws GeneralSecurityException {
    byte[] ext = caCert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (ext != null) {
      try {
        SubjectKeyIdentifier ski =
            SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(ext));
        return new AuthorityKeyIdentifier(ski.getKeyIdentifier());
      } catch (java.io.IOException e) {
        throw new GeneralSecurityException("unreadable subject key identifier", e);
      }
    }
    return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert.getPublicKey());
  }

  /** A DNS name as certificates carry it: A-labels, lower case, no trailing dot (RFC 5280 §7.2). */
  static String asciiName(String name) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return java.net
        .IDN
        .toASCII(n, java.net.IDN.ALLOW_UNASSIGNED)
        .toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean isWildcard(String name) {
    return name.startsWith("*.") && Hostnames.isDnsName(name.substring(2));
  }

  /** An IP address literal; never a name lookup. */
  private static String ipAddress(String ip) {
    boolean literal =
        ip.indexOf(':') >= 0
            ? ip.matches("[0-9A-Fa-f:.]+")
            : ip.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (literal) {
      try {
        return InetAddress.getByName(ip).getHostAddress();
      } catch (IOException e) {
        // fall through to the error below
      }
    }
    throw new PkiException("'" + ip + "' is not an IP address");
  }

  /** A positive random 128-bit serial (RFC 5280 §4.1.2.2 allows up to 20 octets). */
  private static BigInteger randomSerial() {
    BigInteger serial;
    do {
      serial = new BigInteger(128, RANDOM);
    } while (serial.signum() == 0);
    return serial;
  }

  private static ContentSigner signer(PrivateKey key) {
    try {
      return new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(key)).build(key);
    } catch (OperatorCreationException e) {
      throw new PkiException("cannot sign with the CA key: " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
    } catch (GeneralSecurityException e) {
      throw new PkiException("cannot sign the certificate: " + e.getMessage(), e);
    }
  }
}
