package io.sipher.stack.transport;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** Which TLS implementation the transports use. */
public enum TlsEngine {
  /** OpenSSL (netty-tcnative BoringSSL) when it loads here, else the JDK's. */
  AUTO,
  /** OpenSSL or fail: for benchmarks and deployments that must not silently fall back. */
  OPENSSL,
  /** The JDK's own engine. */
  JDK;

  /** Whether the OpenSSL engine loads on this machine. */
  public static boolean openSslAvailable() {
    return OpenSsl.isAvailable();
  }

  SslProvider provider() {
    return switch (this) {
      case JDK -> SslProvider.JDK;
      case OPENSSL -> {
        if (!OpenSsl.isAvailable()) {
          throw new IllegalStateException(
              "the OpenSSL TLS engine does not load here: " + OpenSsl.unavailabilityCause());
        }
        yield SslProvider.OPENSSL;
      }
      case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    };
  }
}
