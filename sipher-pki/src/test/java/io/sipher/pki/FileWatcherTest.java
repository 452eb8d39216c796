package io.sipher.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloading key material from disk: new material is handed on, broken material never is. */
class FileWatcherTest {
  @TempDir Path dir;

  @Test
  void rotationIsNoticedAndAHalfDoneRotationIsNot() {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    Path crt = dir.resolve("s.crt");
    Path key = dir.resolve("s.key");
    KeyMaterial first = ca.server("example.com");
    Pem.writeCertificates(crt, first.chain());
    Pem.writePrivateKey(key, first.privateKey());

    try (FileWatcher<KeyMaterial> w =
        FileWatcher.keyMaterial(crt, key, null, Duration.ofHours(1))) {
      List<KeyMaterial> seen = new ArrayList<>();
      List<PkiException> errors = new ArrayList<>();
      w.onChange(seen::add);
      w.onError(errors::add);
      assertThat(w.current().leaf()).isEqualTo(first.leaf());
      assertThat(w.poll()).isFalse();

      // the certificate is replaced before its key: not usable, the old material stays
      KeyMaterial second = ca.server("example.com");
      Pem.writeCertificates(crt, second.chain());
      assertThat(w.poll()).isFalse();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).getMessage()).contains("does not belong to");
      assertThat(w.current().leaf()).isEqualTo(first.leaf());

      // the key follows: the new material is handed on, even past a listener that fails
      w.onChange(
          m -> {
            throw new IllegalStateException("a broken listener");
          });
      List<KeyMaterial> after = new ArrayList<>();
      w.onChange(after::add);
      Pem.writePrivateKey(key, second.privateKey());
      assertThat(w.poll()).isTrue();
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).leaf()).isEqualTo(second.leaf());
      assertThat(after).hasSize(1);
      assertThat(errors).hasSize(2);
      assertThat(w.current().leaf()).isEqualTo(second.leaf());
    }
  }

  @Test
  void crlChangesAreNoticedByThePoller() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    ca.ca.writeCrl(Duration.ofDays(7));
    Path crl = dir.resolve("ca").resolve(CertificateAuthority.CRL_FILE);
    try (FileWatcher<java.security.cert.X509CRL> w =
        FileWatcher.crl(crl, Duration.ofMillis(20)).start()) {
      List<java.security.cert.X509CRL> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
      w.onChange(seen::add);
      KeyMaterial km = ca.server("example.com");
      ca.ca.revoke(km.leaf().getSerialNumber(), RevocationReason.SUPERSEDED);
      ca.ca.writeCrl(Duration.ofDays(7));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(seen).isNotEmpty();
      assertThat(seen.get(seen.size() - 1).isRevoked(km.leaf())).isTrue();
    }
  }
}
