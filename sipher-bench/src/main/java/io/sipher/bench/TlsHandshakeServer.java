package io.sipher.bench;

import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsEngine;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import io.sipher.stack.transport.TransportLayer;
import java.net.InetSocketAddress;

/**
 * A TLS listener for handshake-rate runs with an external client ({@code openssl s_time}): prints
 * {@code ready <port> <ca file>} and serves until its standard input closes.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.sipher.bench.TlsHandshakeServer OPENSSL|JDK [port]}
 */
public final class TlsHandshakeServer {
  private TlsHandshakeServer() {}

  public static void main(String[] args) throws Exception {
    TlsEngine engine = TlsEngine.valueOf(args.length > 0 ? args[0] : "AUTO");
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    BenchTls tls = new BenchTls("bench.example.com");
    TransportConfig config =
        TransportConfig.DEFAULTS.withTrust(() -> tls.verifier).withTlsEngine(engine);
    try (TransportLayer layer = new TransportLayer(config, (m, f) -> {})) {
      TransportLayer.Listener l =
          layer.listen(
              ListenerConfig.secure(
                  Transport.TLS,
                  new InetSocketAddress("127.0.0.1", port),
                  TlsServerConfig.of(tls.server)));
      System.out.println(
          "ready " + l.address().getPort() + " " + tls.caFile() + " " + layer.tlsImplementation());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until stdin closes
      }
    }
  }
}
