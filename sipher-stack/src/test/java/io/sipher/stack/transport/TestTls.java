package io.sipher.stack.transport;

import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.TestCa;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** A throwaway CA and the transport settings that trust it. */
final class TestTls {
  final TestCa ca;
  final CertificateVerifier verifier;

  TestTls(Path dir) {
    ca = TestCa.create(dir);
    verifier = new CertificateVerifier(List.of(ca.ca.certificate()), List.of(), Clock.systemUTC());
  }

  KeyMaterial server(String domain) {
    return ca.server(domain);
  }

  TransportConfig config() {
    return TransportConfig.DEFAULTS.withTrust(() -> verifier);
  }

  ListenerConfig tlsListener(String domain) {
    return ListenerConfig.secure(
        Transport.TLS, Node.loopback(0), TlsServerConfig.of(server(domain)));
  }
}
