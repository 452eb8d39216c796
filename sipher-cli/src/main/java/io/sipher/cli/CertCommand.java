package io.sipher.cli;

import io.sipher.pki.CertificateDescription;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.Pem;
import io.sipher.pki.PkiException;
import io.sipher.pki.Verification;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sipher cert}: look at certificates. */
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    description = "Inspect certificates.",
    subcommands = {CertCommand.Show.class})
final class CertCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Explain a certificate chain: from a PEM or DER FILE, or as a TLS server at HOST:PORT"
            + " presents it. With --ca, also say whether it verifies, and why not.",
      },
      exitCodeListHeading = "Exit codes:%n",
      exitCodeList = {
        "0:shown (and verified, with --ca)",
        "1:does not verify, or an error",
        "2:usage error"
      })
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE|HOST:PORT")
    String target;

    @Option(
        names = "--ca",
        paramLabel = "FILE",
        description = "Trust anchors (PEM) to verify the chain against.")
    Path ca;

    @Option(
        names = "--crl",
        paramLabel = "FILE",
        description = "A CRL to check revocation against (with --ca).")
    List<Path> crls = List.of();

    @Option(
        names = "--domain",
        description = "The SIP domain the certificate must prove (RFC 5922).")
    String domain;

    @Option(
        names = "--client",
        description = "Verify as a TLS client's certificate (clientAuth) instead of a server's.")
    boolean client;

    @Option(
        names = "--timeout",
        description = "Seconds to wait for HOST:PORT (default: ${DEFAULT-VALUE}).",
        defaultValue = "10")
    int timeoutSeconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        List<X509Certificate> chain;
        if (Files.exists(Path.of(target)) || !target.matches(".+:\\d+")) {
          chain = Pem.readCertificates(Path.of(target));
          out.println(
              target + ": " + chain.size() + " certificate" + (chain.size() == 1 ? "" : "s"));
        } else {
          chain = fetch(target);
          out.println(
              target
                  + " presented "
                  + chain.size()
                  + " certificate"
                  + (chain.size() == 1 ? "" : "s"));
        }
        Instant now = Clock.systemUTC().instant();
        for (int i = 0; i < chain.size(); i++) {
          out.println();
          out.println("[" + (i + 1) + "/" + chain.size() + "]");
          for (String line : CertificateDescription.describe(chain.get(i), now)) {
            out.println("  " + line);
          }
        }
        if (ca == null) {
          return 0;
        }
        List<X509CRL> crlList = new ArrayList<>();
        for (Path p : crls) {
          crlList.add(Pem.readCrl(p));
        }
        Verification v =
            new CertificateVerifier(Pem.readCertificates(ca), crlList, Clock.systemUTC())
                .verify(
                    chain,
                    client ? CertificateVerifier.Role.CLIENT : CertificateVerifier.Role.SERVER,
                    domain);
        out.println();
        out.println(
            "Verification against "
                + ca
                + ": "
                + (v.accepted() ? "OK" : "FAILED (" + v.reason() + ")"));
        out.println("  " + v.detail());
        return v.accepted() ? 0 : 1;
      } catch (PkiException e) {
        spec.commandLine().getErr().println("sipher cert show: error: " + e.getMessage());
        return 1;
      }
    }

    /** The chain a TLS server presents; accepted without judgement, since judging is our job. */
    private List<X509Certificate> fetch(String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      String host = hostPort.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.indexOf(':') >= 0) {
        throw new PkiException("write an IPv6 address in brackets: [" + host + "]:PORT");
      }
      String portText = hostPort.substring(colon + 1);
      int port = portText.length() > 5 ? -1 : Integer.parseInt(portText);
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new PkiException("'" + hostPort + "' is not HOST:PORT with a port of 1-65535");
      }
      List<X509Certificate> presented = new ArrayList<>();
      // An extended trust manager receives the chain as sent, before the JDK applies its own
      // algorithm constraints: weak chains are shown too, which is the point of looking.
      TrustManager recorder =
          new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(
                X509Certificate[] chain, String authType, java.net.Socket socket) {}

            @Override
            public void checkClientTrusted(
                X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
              presented.addAll(List.of(chain));
            }

            @Override
            public void checkServerTrusted(
                X509Certificate[] chain, String authType, java.net.Socket socket) {
              presented.addAll(List.of(chain));
            }

            @Override
            public void checkServerTrusted(
                X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
              presented.addAll(List.of(chain));
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          };
      try {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {recorder}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
          socket.connect(new InetSocketAddress(host, port), timeoutSeconds * 1000);
          socket.setSoTimeout(timeoutSeconds * 1000);
          SSLParameters params = socket.getSSLParameters();
          params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
          String sni = sniName(host);
          if (sni != null) {
            params.setServerNames(List.of(new SNIHostName(sni)));
          }
          socket.setSSLParameters(params);
          try {
            socket.startHandshake();
          } catch (IOException e) {
            if (presented.isEmpty()) {
              throw e;
            }
            // The chain arrived; the handshake failed later (a server that wants a client
            // certificate, say). The chain is still worth showing.
            spec.commandLine()
                .getErr()
                .println(
                    "note: the TLS handshake failed after the certificates: " + e.getMessage());
          }
        }
      } catch (IOException e) {
        throw new PkiException(
            "cannot get the certificate of " + hostPort + ": " + e.getMessage(), e);
      } catch (GeneralSecurityException e) {
        throw new PkiException("TLS is unavailable: " + e.getMessage(), e);
      }
      return presented;
    }

    /** The SNI name for a host: a DNS name without its trailing dot; none for an address. */
    private static String sniName(String host) {
      String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
      if (h.matches("[0-9.]+") || h.indexOf(':') >= 0) {
        return null;
      }
      try {
        new SNIHostName(h);
        return h;
      } catch (IllegalArgumentException e) {
        return null; // not a name SNI can carry (an underscore, say): connect without it
      }
    }
  }
}
