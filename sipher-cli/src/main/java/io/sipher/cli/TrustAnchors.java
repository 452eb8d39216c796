package io.sipher.cli;

import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.Pem;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** The CAs a client command trusts: the PEM files given, else the JDK's own. */
public final class TrustAnchors {
  private TrustAnchors() {}

  /**
   * A verifier over the certificates in {@code pemFiles}, or over the JDK's default CAs when there
   * are none (a public-CA server).
   *
   * @throws io.sipher.pki.PkiException when a file cannot be read
   * @throws GeneralSecurityException when the JDK's CA store cannot be read
   */
  public static CertificateVerifier verifier(List<Path> pemFiles) throws GeneralSecurityException {
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path p : pemFiles) {
      anchors.addAll(Pem.readCertificates(p));
    }
    if (anchors.isEmpty()) {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          anchors.addAll(Arrays.asList(x.getAcceptedIssuers()));
        }
      }
    }
    return new CertificateVerifier(anchors, List.of(), Clock.systemUTC());
  }
}
