package io.sipher.cli;

import io.sipher.pki.CertificateAuthority;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.KeyType;
import io.sipher.pki.Pem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded default for {@code sipher serve}: on first start, a development CA in {@code
 * <data>/ca} and a server certificate for the domain in {@code <data>/tls}, so that TLS works out
 * of the box. Phones and peers trust it by importing {@code <data>/ca/ca.crt}. Later starts reuse
 * what is there; replacing the two files under {@code tls/} with a public CA's certificate works
 * the same way (and is picked up without a restart).
 */
final class DevelopmentCertificates {
  static final String CERT = "server.crt";
  static final String KEY = "server.key";

  private DevelopmentCertificates() {}

  /** Makes sure {@code <data>/tls/server.{crt,key}} exist; returns the CA directory. */
  static Path ensure(Path data, String domain, List<String> ips, PrintWriter out) {
    Path caDir = data.resolve("ca");
    Path tls = data.resolve("tls");
    try {
      createPrivate(data);
      createPrivate(tls);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + data + ": " + e.getMessage(), e);
    }
    if (Files.exists(tls.resolve(CERT)) && Files.exists(tls.resolve(KEY))) {
      return caDir;
    }
    CertificateAuthority ca =
        Files.exists(caDir.resolve(CertificateAuthority.CERT_FILE))
            ? CertificateAuthority.open(caDir, Clock.systemUTC())
            : CertificateAuthority.create(
                caDir,
                "sipher development CA",
                KeyType.EC,
                CertificateAuthority.DEFAULT_CA_VALIDITY,
                false,
                Clock.systemUTC());
    List<String> dns = new ArrayList<>();
    if (!domain.equals("localhost")) {
      dns.add("localhost");
    }
    KeyMaterial server =
        ca.issueServer(domain, dns, ips, KeyType.EC, CertificateAuthority.DEFAULT_LEAF_VALIDITY);
    Pem.writeCertificates(tls.resolve(CERT), server.chain());
    Pem.writePrivateKey(tls.resolve(KEY), server.privateKey());
    out.println(
        "Created a development CA ("
            + caDir.resolve(CertificateAuthority.CERT_FILE)
            + ") and a server certificate for "
            + domain
            + "; phones must trust that CA certificate.");
    return caDir;
  }

  private static void createPrivate(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException notPosix) {
        // best effort off POSIX file systems
      }
    }
  }
}
