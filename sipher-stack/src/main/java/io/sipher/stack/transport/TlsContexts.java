package io.sipher.stack.transport;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.Mapping;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Netty TLS contexts with sipher's defaults, and rebuilds them when key material changes.
 *
 * <p>Defaults (ARCHITECTURE decision 4): TLS 1.3 and 1.2 only; for 1.2 only ECDHE key exchange with
 * AEAD ciphers (AES-GCM, ChaCha20-Poly1305), which is what TLS scanners expect of a modern server;
 * ECDSA and RSA certificates both work. The OpenSSL engine (netty-tcnative BoringSSL) is used when
 * it loads, the JDK's otherwise.
 */
final class TlsContexts {
  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  static final List<String> CIPHERS =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private final SslProvider provider;
  private final Supplier<CertificateVerifier> trust;
  private final KeyLog keyLog;

  TlsContexts(TlsEngine engine, Supplier<CertificateVerifier> trust, Path keyLogFile) {
    this.provider = engine.provider();
    this.trust = trust;
    if (keyLogFile != null && provider != SslProvider.OPENSSL) {
      throw new IllegalArgumentException(
          "a TLS key-log file needs the OpenSSL engine, which is not in use here");
    }
    this.keyLog = keyLogFile == null ? null : new KeyLog(keyLogFile);
  }

  SslProvider provider() {
    return provider;
  }

  /** The server side of one listener: an SNI mapping from host name to context. */
  Mapping<String, SslContext> server(TlsServerConfig config) {
    Map<String, Cached> byName = new HashMap<>();
    config.byServerName().forEach((name, material) -> byName.put(name, new Cached(material)));
    Cached fallback = new Cached(config.defaultMaterial());
    ClientAuth mode = config.clientAuth();
    if (mode != ClientAuth.NONE && trust == null) {
      throw new IllegalArgumentException(
          "client certificates are requested (" + mode + ") but no trust anchors are configured");
    }
    return hostName -> {
      Cached c = hostName == null ? null : byName.get(hostName.toLowerCase(Locale.ROOT));
      return (c == null ? fallback : c).get(material -> buildServer(material, mode));
    };
  }

  /** The client side, presenting {@code material} when a server asks (may be null). */
  Supplier<SslContext> client(Supplier<KeyMaterial> material) {
    Cached cached = new Cached(material == null ? () -> null : material);
    return () -> cached.get(this::buildClient);
  }

  private SslContext buildServer(KeyMaterial material, ClientAuth mode) {
    SslContextBuilder b =
        SslContextBuilder.forServer(material.privateKey(), material.chain())
            .clientAuth(
                switch (mode) {
                  case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
                  case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
                  case REQUIRED -> io.netty.handler.ssl.ClientAuth.REQUIRE;
                });
    if (mode != ClientAuth.NONE) {
      b.trustManager(new SipTrustManager(trust));
    }
    return finish(b);
  }

  private SslContext buildClient(KeyMaterial material) {
    if (trust == null) {
      throw new IllegalStateException("no trust anchors configured: cannot verify TLS servers");
    }
    SslContextBuilder b =
        SslContextBuilder.forClient()
            .trustManager(new SipTrustManager(trust))
            // RFC 5922 identity rules, not HTTPS host-name rules: SipTrustManager checks them.
            .endpointIdentificationAlgorithm(null);
    if (material != null) {
      b.keyManager(material.privateKey(), material.chain());
    }
    return finish(b);
  }

  private SslContext finish(SslContextBuilder b) {
    b.sslProvider(provider)
        .protocols(PROTOCOLS)
        .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
    SslContext context;
    try {
      context = b.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
    if (keyLog != null) {
      keyLog.attach(context);
    }
    return context;
  }

  /**
   * One key-material source and the context last built from it. A new context is built when the
   * supplier hands out a different instance; handshakes already under way keep the old one.
   */
  private static final class Cached {
    private final Supplier<KeyMaterial> source;
    private final AtomicReference<Built> built = new AtomicReference<>();

    Cached(Supplier<KeyMaterial> source) {
      this.source = source;
    }

    SslContext get(java.util.function.Function<KeyMaterial, SslContext> factory) {
      KeyMaterial now = source.get();
      Built b = built.get();
      if (b != null && b.material == now) {
        return b.context;
      }
      Built fresh = new Built(now, factory.apply(now));
      built.set(fresh);
      if (b != null) {
        log.info("TLS key material changed; new handshakes use {}", describe(now));
      }
      return fresh.context;
    }

    private record Built(KeyMaterial material, SslContext context) {}
  }

  private static String describe(KeyMaterial m) {
    return m == null ? "no certificate" : m.leaf().getSubjectX500Principal().getName();
  }
}
