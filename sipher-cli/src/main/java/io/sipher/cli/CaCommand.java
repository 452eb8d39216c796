package io.sipher.cli;

import io.sipher.pki.CertificateAuthority;
import io.sipher.pki.CertificateDescription;
import io.sipher.pki.IssuedCertificate;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.KeyType;
import io.sipher.pki.Pem;
import io.sipher.pki.PkiException;
import io.sipher.pki.RevocationReason;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sipher ca}: a private certificate authority for SIP servers and phones. */
@Command(
    name = "ca",
    mixinStandardHelpOptions = true,
    description = "A private certificate authority that issues SIP server and phone certificates.",
    subcommands = {
      CaCommand.Init.class,
      CaCommand.Issue.class,
      CaCommand.ListCerts.class,
      CaCommand.Revoke.class,
      CaCommand.Crl.class
    })
final class CaCommand implements Runnable {
  static final Path DEFAULT_DIR = Path.of("sipher-data", "ca");

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The options every CA command shares. */
  static final class Dir {
    @Option(
        names = "--dir",
        paramLabel = "DIR",
        description = "The CA folder (default: ${DEFAULT-VALUE}).",
        defaultValue = "sipher-data/ca")
    Path dir;

    @Option(
        names = "--key-password-file",
        paramLabel = "FILE",
        description = "The CA key's password, first line of FILE: 'init' encrypts the key with it.")
    Path keyPasswordFile;

    char[] keyPassword() {
      return keyPasswordFile == null ? null : Passwords.fromFile(keyPasswordFile);
    }

    CertificateAuthority open() {
      char[] password = keyPassword();
      try {
        return CertificateAuthority.open(dir, Clock.systemUTC(), password);
      } finally {
        if (password != null) {
          Arrays.fill(password, '\0');
        }
      }
    }
  }

  /** Runs a command body, turning a PkiException into a one-line error and exit status 1. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
      try {
        return execute();
      } catch (PkiException e) {
        spec.commandLine()
            .getErr()
            .println(
                "sipher "
                    + spec.qualifiedName().replaceFirst("^sipher ", "")
                    + ": error: "
                    + e.getMessage());
        return 1;
      }
    }

    abstract int execute();
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create a CA: a key (EC P-256 by default) and a self-signed CA certificate.")
  static final class Init extends Base {
    @Mixin Dir dir;

    @Option(
        names = "--name",
        description = "The CA's name (default: ${DEFAULT-VALUE}).",
        defaultValue = "sipher private CA")
    String name;

    @Option(
        names = "--key",
        description = "ec, rsa2048, rsa3072 or rsa4096 (default: ${DEFAULT-VALUE}).",
        defaultValue = "ec")
    String key;

    @Option(
        names = "--days",
        description = "Validity in days (default: ${DEFAULT-VALUE}).",
        defaultValue = "3650")
    int days;

    @Option(names = "--force", description = "Replace an existing CA.")
    boolean force;

    @Override
    int execute() {
      if (days <= 0) {
        throw new PkiException("--days must be positive");
      }
      char[] keyPassword = dir.keyPassword();
      boolean encrypted = keyPassword != null;
      CertificateAuthority ca;
      try {
        ca =
            CertificateAuthority.create(
                dir.dir,
                name,
                KeyType.fromOption(key),
                Duration.ofDays(days),
                force,
                Clock.systemUTC(),
                keyPassword);
      } finally {
        if (keyPassword != null) {
          Arrays.fill(keyPassword, '\0');
        }
      }
      out().println("Created CA '" + name + "' in " + dir.dir);
      out()
          .println(
              "  certificate: "
                  + dir.dir.resolve(CertificateAuthority.CERT_FILE)
                  + "  (give this to phones and peers to trust)");
      out()
          .println(
              "  private key: "
                  + dir.dir.resolve(CertificateAuthority.KEY_FILE)
                  + (encrypted
                      ? "  (mode 0600, encrypted; keep it and its password secret)"
                      : "  (mode 0600; keep it secret)"));
      out().println("  valid until: " + ca.certificate().getNotAfter().toInstant());
      return 0;
    }
  }

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = "Issue a certificate.",
      subcommands = {IssueServer.class, IssueClient.class})
  static final class Issue implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** What issuing a server or a client certificate share: validity, key, output. */
  abstract static class IssueBase extends Base {
    @Mixin Dir dir;

    @Option(
        names = "--days",
        description = "Validity in days (default: ${DEFAULT-VALUE}).",
        defaultValue = "397")
    int days;

    @Option(
        names = "--key",
        description = "ec, rsa2048, rsa3072 or rsa4096 (default: ${DEFAULT-VALUE}).",
        defaultValue = "ec")
    String key;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Where to write the files (default: DIR/issued).")
    Path out;

    @Option(
        names = "--p12",
        description = "Also write a PKCS#12 bundle (for phones that import .p12).")
    boolean p12;

    @Option(
        names = "--password-file",
        paramLabel = "FILE",
        description = "The PKCS#12 password, first line of FILE (else asked for).")
    Path passwordFile;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    /**
     * Issues with {@code issuer} and writes the files. Everything that can stop the command (files
     * already there, the bundle's password) is settled first, so that no certificate is recorded
     * whose key was never written.
     */
    int issueAndWrite(String name, java.util.function.Supplier<KeyMaterial> issuer) {
      Path outDir = out != null ? out : dir.dir.resolve("issued");
      String base = name.replaceAll("[^A-Za-z0-9._@-]", "_");
      Path crt = outDir.resolve(base + ".crt");
      Path keyFile = outDir.resolve(base + ".key");
      Path bundle = outDir.resolve(base + ".p12");
      for (Path p : p12 ? List.of(crt, keyFile, bundle) : List.of(crt, keyFile)) {
        if (!force && Files.exists(p)) {
          throw new PkiException(p + " exists; use --force to overwrite it");
        }
      }
      char[] password = null;
      try {
        if (p12) {
          password =
              passwordFile != null
                  ? Passwords.fromFile(passwordFile)
                  : Passwords.prompt("PKCS#12 password");
        }
        KeyMaterial issued = issuer.get();
        Pem.writeCertificates(crt, issued.chain());
        Pem.writePrivateKey(keyFile, issued.privateKey());
        if (p12) {
          Pem.write(bundle, issued.toPkcs12(base, password), true);
        }
        describe(issued);
      } finally {
        if (password != null) {
          Arrays.fill(password, '\0');
        }
      }
      out().println("  certificate chain: " + crt);
      out().println("  private key:       " + keyFile + "  (mode 0600)");
      if (p12) {
        out().println("  PKCS#12 bundle:    " + bundle + "  (mode 0600)");
      }
      return 0;
    }

    private void describe(KeyMaterial issued) {
      out()
          .println(
              "Issued "
                  + issued.leaf().getSubjectX500Principal().getName()
                  + ", serial "
                  + issued.leaf().getSerialNumber().toString(16));
      for (String line :
          CertificateDescription.describe(issued.leaf(), Clock.systemUTC().instant())) {
        if (line.startsWith("Subject alt")
            || line.startsWith("Valid")
            || line.startsWith("Extended")
            || line.startsWith("SIP")) {
          out().println("  " + line);
        }
      }
    }

    Duration validity() {
      if (days <= 0) {
        throw new PkiException("--days must be positive");
      }
      return Duration.ofDays(days);
    }
  }

  @Command(
      name = "server",
      mixinStandardHelpOptions = true,
      description =
          "A SIP server certificate: URI:sip:DOMAIN and DNS:DOMAIN, serverAuth and clientAuth.")
  static final class IssueServer extends IssueBase {
    @Option(names = "--domain", required = true, description = "The SIP domain the server is for.")
    String domain;

    @Option(names = "--dns", paramLabel = "NAME", description = "More DNS names (repeatable).")
    List<String> dns = List.of();

    @Option(names = "--ip", paramLabel = "ADDR", description = "IP addresses (repeatable).")
    List<String> ips = List.of();

    @Override
    int execute() {
      CertificateAuthority ca = dir.open();
      KeyType type = KeyType.fromOption(key);
      Duration validity = validity();
      return issueAndWrite(domain, () -> ca.issueServer(domain, dns, ips, type, validity));
    }
  }

  @Command(
      name = "client",
      mixinStandardHelpOptions = true,
      description = "A phone or user certificate: URI:sip:USER, clientAuth.")
  static final class IssueClient extends IssueBase {
    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER@DOMAIN",
        description = "The SIP user, as user@domain.")
    String user;

    @Override
    int execute() {
      CertificateAuthority ca = dir.open();
      KeyType type = KeyType.fromOption(key);
      Duration validity = validity();
      return issueAndWrite(user, () -> ca.issueClient(user, type, validity));
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the certificates this CA issued.")
  static final class ListCerts extends Base {
    @Mixin Dir dir;

    @Override
    int execute() {
      CertificateAuthority ca = dir.open();
      List<IssuedCertificate> all = ca.list();
      out()
          .printf(
              "%-32s  %-6s  %-8s  %-20s  %s%n", "SERIAL", "KIND", "STATUS", "NOT AFTER", "NAMES");
      for (IssuedCertificate c : all) {
        out()
            .printf(
                "%-32s  %-6s  %-8s  %-20s  %s%n",
                c.serialHex(),
                c.profile().name().toLowerCase(java.util.Locale.ROOT),
                c.revoked() ? "revoked" : "valid",
                c.notAfter().toString().substring(0, 19) + "Z",
                String.join(", ", c.names()));
      }
      if (all.isEmpty()) {
        out().println("(none issued yet)");
      }
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a certificate and publish a new CRL.")
  static final class Revoke extends Base {
    @Mixin Dir dir;

    @Parameters(paramLabel = "SERIAL", description = "The serial, in hex as 'ca list' shows it.")
    String serial;

    @Option(
        names = "--reason",
        description =
            "unspecified, key-compromise, superseded, cessation-of-operation, ... (default: ${DEFAULT-VALUE}).",
        defaultValue = "unspecified")
    String reason;

    @Override
    int execute() {
      BigInteger number;
      try {
        number = new BigInteger(serial.replace(":", ""), 16);
      } catch (NumberFormatException e) {
        throw new PkiException("'" + serial + "' is not a hexadecimal serial number");
      }
      CertificateAuthority ca = dir.open();
      IssuedCertificate revoked = ca.revoke(number, RevocationReason.fromOption(reason));
      ca.writeCrl(Crl.DEFAULT_VALIDITY);
      out()
          .println(
              "Revoked "
                  + revoked.serialHex()
                  + " ("
                  + revoked.subject()
                  + "), reason "
                  + revoked.reason().option());
      out().println("  CRL updated: " + dir.dir.resolve(CertificateAuthority.CRL_FILE));
      return 0;
    }
  }

  @Command(
      name = "crl",
      mixinStandardHelpOptions = true,
      description = "Write a fresh CRL (crl.pem) that servers load.")
  static final class Crl extends Base {
    static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    @Mixin Dir dir;

    @Option(
        names = "--days",
        description = "Until the next update, in days (default: ${DEFAULT-VALUE}).",
        defaultValue = "30")
    int days;

    @Override
    int execute() {
      if (days <= 0) {
        throw new PkiException("--days must be positive");
      }
      CertificateAuthority ca = dir.open();
      var crl = ca.writeCrl(Duration.ofDays(days));
      int count = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
      out()
          .println(
              "Wrote "
                  + dir.dir.resolve(CertificateAuthority.CRL_FILE)
                  + ": "
                  + count
                  + " revoked, next update "
                  + crl.getNextUpdate().toInstant());
      return 0;
    }
  }
}
