package io.sipher.bench;

import io.sipher.pki.CertificateAuthority;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.KeyType;
import io.sipher.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A throwaway CA and server certificate for load runs, in a temporary folder. */
final class BenchTls {
  final Path dir;
  final CertificateAuthority ca;
  final KeyMaterial server;
  final CertificateVerifier verifier;

  BenchTls(String domain) throws IOException {
    dir = Files.createTempDirectory("sipher-bench-ca");
    ca =
        CertificateAuthority.create(
            dir.resolve("ca"),
            "bench CA",
            KeyType.EC,
            Duration.ofDays(2),
            false,
            Clock.systemUTC());
    server =
        ca.issueServer(domain, List.of(), List.of("127.0.0.1"), KeyType.EC, Duration.ofDays(1));
    verifier = new CertificateVerifier(List.of(ca.certificate()), List.of(), Clock.systemUTC());
    Pem.writeCertificates(dir.resolve("ca.crt"), List.of(ca.certificate()));
  }

  Path caFile() {
    return dir.resolve("ca.crt");
  }
}
