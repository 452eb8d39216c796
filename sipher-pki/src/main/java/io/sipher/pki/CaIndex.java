package io.sipher.pki;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CA's record of what it issued and revoked: a tab-separated file, one certificate per line,
 * rewritten atomically on every change. It holds no secrets.
 */
final class CaIndex {
  private static final String HEADER =
      "serial\tprofile\tsubject\tnames\tnot_after\tstatus\trevoked_at\treason";

  private CaIndex() {}

  /** One issued certificate. */
  record Entry(
      BigInteger serial,
      CertificateSpec.Profile profile,
      String subject,
      List<String> names,
      Instant notAfter,
      Instant revokedAt,
      RevocationReason reason) {

    boolean revoked() {
      return revokedAt != null;
    }

    Entry revoke(Instant at, RevocationReason why) {
      return new Entry(serial, profile, subject, names, notAfter, at, why);
    }

    String line() {
      return String.join(
          "\t",
          serial.toString(16),
          profile.name().toLowerCase(java.util.Locale.ROOT),
          clean(subject),
          clean(String.join(",", names)),
          notAfter.toString(),
          revoked() ? "revoked" : "valid",
          revoked() ? revokedAt.toString() : "-",
          revoked() ? reason.option() : "-");
    }

    private static String clean(String s) {
      return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
  }

  static List<Entry> read(Path file) {
    if (!Files.exists(file)) {
      return new ArrayList<>();
    }
    List<Entry> out = new ArrayList<>();
    String text = new String(Pem.read(file), StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("serial\t")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 8) {
        throw new PkiException(file + ": malformed line: " + line);
      }
      try {
        boolean revoked = f[5].equals("revoked");
        out.add(
            new Entry(
                new BigInteger(f[0], 16),
                CertificateSpec.Profile.valueOf(f[1].toUpperCase(java.util.Locale.ROOT)),
                f[2],
                f[3].isEmpty() ? List.of() : List.of(f[3].split(",")),
                Instant.parse(f[4]),
                revoked ? Instant.parse(f[6]) : null,
                revoked ? RevocationReason.fromOption(f[7]) : null));
      } catch (RuntimeException e) {
        throw new PkiException(file + ": malformed line: " + line, e);
      }
    }
    return out;
  }

  static void write(Path file, List<Entry> entries) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (Entry e : entries) {
      sb.append(e.line()).append('\n');
    }
    Pem.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), false);
  }
}
