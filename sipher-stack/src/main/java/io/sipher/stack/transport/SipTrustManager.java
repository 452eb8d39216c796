package io.sipher.stack.transport;

import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.Verification;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides during the handshake whether a peer's certificate chain is acceptable, by sipher's rules
 * rather than the JDK's: chain, dates, usage and revocation by {@link CertificateVerifier}, and,
 * toward a server, its identity by RFC 5922 §7.3 against the SIP domain we meant to reach. That
 * domain travels as the engine's peer host (the name also sent as SNI); an IP address there means
 * no domain was known, and then only the chain is checked (RFC 5922 never matches an address).
 *
 * <p>A rejection fails the handshake with a message naming the precise reason, which the transport
 * logs and reports to whoever was sending.
 */
final class SipTrustManager extends X509ExtendedTrustManager {
  private final Supplier<CertificateVerifier> verifier;

  SipTrustManager(Supplier<CertificateVerifier> verifier) {
    this.verifier = verifier;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    String host = engine == null ? null : engine.getPeerHost();
    check(chain, CertificateVerifier.Role.SERVER, Hosts.isIpLiteral(host) ? null : host);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.CLIENT, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.SERVER, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.CLIENT, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.SERVER, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.CLIENT, null);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    // An empty list lets a client with any certificate offer it; the verifier judges it then.
    return new X509Certificate[0];
  }

  private void check(X509Certificate[] chain, CertificateVerifier.Role role, String domain)
      throws CertificateException {
    CertificateVerifier v = verifier.get();
    if (v == null) {
      throw new CertificateException("no trust anchors configured");
    }
    List<X509Certificate> list = chain == null ? List.of() : Arrays.asList(chain);
    Verification result = v.verify(list, role, domain);
    if (!result.accepted()) {
      throw new PeerCertificateException(result);
    }
  }

  /** A rejected peer certificate, with the verifier's reason. */
  static final class PeerCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;
    private final transient Verification verification;

    PeerCertificateException(Verification verification) {
      super(verification.toString());
      this.verification = verification;
    }

    Verification verification() {
      return verification;
    }
  }
}
