package io.sipher.stack.transport;

import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.Verification;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides during the handshake whether a peer's certificate chain is acceptable, by sipher's rules
 * rather than the JDK's: chain, dates, usage and revocation by {@link CertificateVerifier}, and,
 * toward a server, its identity by RFC 5922 §7.3 against the SIP domain we meant to reach. That
 * domain travels as the engine's peer host (the name also sent as SNI). An IP address there means
 * no domain was known: RFC 5922 never matches a domain against an address, so the certificate must
 * then carry that address as an iPAddress subjectAltName.
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
    InetAddress ip = Hosts.parseIp(host);
    if (ip == null) {
      check(chain, CertificateVerifier.Role.SERVER, host);
      return;
    }
    // No SIP domain was known (the target was an address): RFC 5922 has nothing to match, so the
    // certificate must at least name that address, or any certificate from any trusted CA would
    // do for any server.
    check(chain, CertificateVerifier.Role.SERVER, null);
    if (!namesAddress(chain[0], ip)) {
      throw new PeerCertificateException(
          new Verification(
              Verification.Reason.IDENTITY_MISMATCH,
              "the certificate does not name the address " + ip.getHostAddress(),
              null));
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.CLIENT, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.CLIENT, null);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, CertificateVerifier.Role.CLIENT, null);
  }

  // Without the engine there is no target to check the server's identity against: refuse rather
  // than silently accept any trusted chain (sipher always calls the engine variant).
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("server identity cannot be checked without the TLS engine");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("server identity cannot be checked without the TLS engine");
  }

  private static boolean namesAddress(X509Certificate leaf, InetAddress ip) {
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans == null) {
        return false;
      }
      for (List<?> san : sans) {
        if (Integer.valueOf(7).equals(san.get(0))
            && ip.equals(Hosts.parseIp((String) san.get(1)))) {
          return true; // iPAddress (RFC 5280 §4.2.1.6)
        }
      }
      return false;
    } catch (CertificateParsingException e) {
      return false;
    }
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
