package io.sipher.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading and writing key material, and the errors a person sees when files are wrong. */
class KeyMaterialTest {
  @TempDir Path dir;

  @Test
  void pemRoundTripPutsTheLeafFirstAndWritesTheKeyOwnerOnly() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km = ca.server("example.com");
    Path crt = dir.resolve("s.crt");
    Path key = dir.resolve("s.key");
    // the chain in reverse order on disk: loading restores leaf first
    Pem.writeCertificates(crt, List.of(km.chain().get(1), km.chain().get(0)));
    Pem.writePrivateKey(key, km.privateKey());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
    KeyMaterial loaded = KeyMaterial.fromPem(crt, key, null);
    assertThat(loaded.leaf()).isEqualTo(km.leaf());
    assertThat(loaded.chain()).hasSize(2);
    assertThat(loaded.toString()).doesNotContain("PRIVATE").contains("example.com");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca/ca.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void mismatchedKeyAndCertificateIsExplained() {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    Path crt = dir.resolve("a.crt");
    Path key = dir.resolve("b.key");
    Pem.writeCertificates(crt, ca.server("a.example.com").chain());
    Pem.writePrivateKey(key, ca.server("b.example.com").privateKey());
    assertThatThrownBy(() -> KeyMaterial.fromPem(crt, key, null))
        .isInstanceOf(PkiException.class)
        .hasMessageContaining("does not belong to");
  }

  @Test
  void encryptedKeyNeedsItsPassword() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km = ca.server("example.com");
    Path crt = dir.resolve("s.crt");
    Path key = dir.resolve("s.key");
    Pem.writeCertificates(crt, km.chain());
    OutputEncryptor enc =
        new JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
            .setProvider(Pem.BC)
            .setPassword("s3cret".toCharArray())
            .build();
    java.io.StringWriter sw = new java.io.StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(new JcaPKCS8Generator(km.privateKey(), enc).generate());
    }
    Files.writeString(key, sw.toString(), StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> KeyMaterial.fromPem(crt, key, null))
        .hasMessageContaining("encrypted and no password");
    assertThatThrownBy(() -> KeyMaterial.fromPem(crt, key, "wrong".toCharArray()))
        .hasMessageContaining("wrong password");
    assertThat(KeyMaterial.fromPem(crt, key, "s3cret".toCharArray()).leaf()).isEqualTo(km.leaf());
  }

  @Test
  void pkcs12RoundTrip() throws Exception {
    TestCa ca = TestCa.create(dir.resolve("ca"));
    KeyMaterial km = ca.client("alice@example.com");
    Path p12 = dir.resolve("alice.p12");
    Files.write(p12, km.toPkcs12("alice", "pw".toCharArray()));
    KeyMaterial loaded = KeyMaterial.fromPkcs12(p12, "pw".toCharArray());
    assertThat(loaded.leaf()).isEqualTo(km.leaf());
    assertThat(loaded.chain()).hasSize(2);
    assertThatThrownBy(() -> KeyMaterial.fromPkcs12(p12, "nope".toCharArray()))
        .hasMessageContaining("wrong password");
  }

  @Test
  void unreadableFilesAreNamed() {
    assertThatThrownBy(() -> Pem.readCertificates(dir.resolve("missing.crt")))
        .hasMessageContaining("missing.crt: no such file");
    Path junk = dir.resolve("junk.key");
    Pem.write(junk, "hello".getBytes(StandardCharsets.US_ASCII), true);
    assertThatThrownBy(() -> Pem.readPrivateKey(junk, null))
        .hasMessageContaining("no private key found");
    assertThatThrownBy(() -> Pem.readCertificates(junk))
        .hasMessageContaining("not a readable certificate");
  }
}
