package io.sipher.stack.transport;

import io.sipher.message.ParserLimits;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything the transport layer needs besides its listeners. Each limit below is enforced, and
 * what happens when it is reached is stated.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>when reached</th></tr>
 *   <tr><td>{@code maxConnections}</td><td>10,000</td><td>a new inbound connection is closed at
 *       once (logged); an outbound send fails</td></tr>
 *   <tr><td>{@code maxConnectionsPerAddress}</td><td>64</td><td>as above, counted per remote IP
 *       address</td></tr>
 *   <tr><td>{@code idleTimeout}</td><td>10 min</td><td>a connection with no traffic either way is
 *       closed; its flow dies (keep-alives count as traffic, RFC 5626 §4.4.1)</td></tr>
 *   <tr><td>{@code handshakeTimeout}</td><td>10 s</td><td>an unfinished TLS handshake or
 *       WebSocket upgrade is closed</td></tr>
 *   <tr><td>{@code udpFlowIdle}</td><td>3 min</td><td>a UDP source not heard from is forgotten;
 *       its flow dies</td></tr>
 *   <tr><td>{@code maxUdpFlows}</td><td>100,000 per socket</td><td>messages from further
 *       sources are still handled, but no flow is kept for them (logged once a second)</td></tr>
 *   <tr><td>{@code parserLimits}</td><td>{@link ParserLimits#DEFAULTS}</td><td>a message over a
 *       limit is answered with the codec's error (413/513/400) where it can be, and on a stream
 *       the connection is closed</td></tr>
 * </table>
 *
 * @param trust verifies peers' certificates: servers we connect to and clients that present one;
 *     read for each handshake so that new anchors or CRLs apply at once. Null means no TLS
 *     connections can be opened and client certificates cannot be requested.
 * @param clientMaterial the certificate presented when a server we connect to asks for one (trunks
 *     with mutual TLS), or null
 * @param keyLogFile where to append TLS secrets in the NSS key-log format for Wireshark (created
 *     0600); null, the default, disables it. Anyone who reads that file can decrypt the traffic.
 *     Needs the OpenSSL engine.
 * @param eventLoopThreads worker threads; 0 means one per available processor
 * @param tlsEngine which TLS implementation to use (OpenSSL when it loads, by default)
 * @param tap sees every message read or written ({@link MessageTap#NONE} by default)
 * @param consolidateFlushes whether the messages written while a read is handled leave together
 *     when it is done (true by default: one write(2) and the fewest TLS records for a batch of
 *     answers). A load generator that plays many phones on one connection turns it off, so that
 *     each phone's request leaves when made, as a real phone's would.
 */
public record TransportConfig(
    Supplier<CertificateVerifier> trust,
    Supplier<KeyMaterial> clientMaterial,
    int maxConnections,
    int maxConnectionsPerAddress,
    Duration idleTimeout,
    Duration handshakeTimeout,
    Duration connectTimeout,
    Duration udpFlowIdle,
    int maxUdpFlows,
    ParserLimits parserLimits,
    Path keyLogFile,
    int eventLoopThreads,
    TlsEngine tlsEngine,
    MessageTap tap,
    boolean consolidateFlushes) {

  public static final TransportConfig DEFAULTS =
      new TransportConfig(
          null,
          null,
          10_000,
          64,
          Duration.ofMinutes(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofMinutes(3),
          100_000,
          ParserLimits.DEFAULTS,
          null,
          0,
          TlsEngine.AUTO,
          MessageTap.NONE,
          true);

  public TransportConfig {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(udpFlowIdle, "udpFlowIdle");
    Objects.requireNonNull(parserLimits, "parserLimits");
    tlsEngine = tlsEngine == null ? TlsEngine.AUTO : tlsEngine;
    tap = tap == null ? MessageTap.NONE : tap;
    if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxUdpFlows < 1) {
      throw new IllegalArgumentException("connection limits must be positive");
    }
  }

  public TransportConfig withTrust(Supplier<CertificateVerifier> v) {
    return toBuilder().trust(v).build();
  }

  public TransportConfig withClientMaterial(Supplier<KeyMaterial> v) {
    return toBuilder().clientMaterial(v).build();
  }

  public TransportConfig withConnectionLimits(int total, int perAddress) {
    return toBuilder().maxConnections(total).maxConnectionsPerAddress(perAddress).build();
  }

  public TransportConfig withIdleTimeout(Duration v) {
    return toBuilder().idleTimeout(v).build();
  }

  public TransportConfig withKeyLogFile(Path v) {
    return toBuilder().keyLogFile(v).build();
  }

  public TransportConfig withTlsEngine(TlsEngine v) {
    return toBuilder().tlsEngine(v).build();
  }

  public TransportConfig withHandshakeTimeout(Duration v) {
    return toBuilder().handshakeTimeout(v).build();
  }

  public TransportConfig withTap(MessageTap v) {
    return toBuilder().tap(v).build();
  }

  public TransportConfig withUdpFlowIdle(Duration v) {
    return toBuilder().udpFlowIdle(v).build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some settings of a configuration, leaving the others as they were. */
  public static final class Builder {
    private Supplier<CertificateVerifier> trust;
    private Supplier<KeyMaterial> clientMaterial;
    private int maxConnections;
    private int maxConnectionsPerAddress;
    private Duration idleTimeout;
    private Duration handshakeTimeout;
    private Duration connectTimeout;
    private Duration udpFlowIdle;
    private int maxUdpFlows;
    private ParserLimits parserLimits;
    private Path keyLogFile;
    private int eventLoopThreads;
    private TlsEngine tlsEngine;
    private MessageTap tap;
    private boolean consolidateFlushes;

    private Builder(TransportConfig c) {
      trust = c.trust;
      clientMaterial = c.clientMaterial;
      maxConnections = c.maxConnections;
      maxConnectionsPerAddress = c.maxConnectionsPerAddress;
      idleTimeout = c.idleTimeout;
      handshakeTimeout = c.handshakeTimeout;
      connectTimeout = c.connectTimeout;
      udpFlowIdle = c.udpFlowIdle;
      maxUdpFlows = c.maxUdpFlows;
      parserLimits = c.parserLimits;
      keyLogFile = c.keyLogFile;
      eventLoopThreads = c.eventLoopThreads;
      tlsEngine = c.tlsEngine;
      tap = c.tap;
      consolidateFlushes = c.consolidateFlushes;
    }

    public Builder tap(MessageTap v) {
      tap = v;
      return this;
    }

    public Builder trust(Supplier<CertificateVerifier> v) {
      trust = v;
      return this;
    }

    public Builder clientMaterial(Supplier<KeyMaterial> v) {
      clientMaterial = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder maxConnectionsPerAddress(int v) {
      maxConnectionsPerAddress = v;
      return this;
    }

    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

    public Builder handshakeTimeout(Duration v) {
      handshakeTimeout = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder udpFlowIdle(Duration v) {
      udpFlowIdle = v;
      return this;
    }

    public Builder maxUdpFlows(int v) {
      maxUdpFlows = v;
      return this;
    }

    public Builder parserLimits(ParserLimits v) {
      parserLimits = v;
      return this;
    }

    public Builder keyLogFile(Path v) {
      keyLogFile = v;
      return this;
    }

    public Builder eventLoopThreads(int v) {
      eventLoopThreads = v;
      return this;
    }

    public Builder tlsEngine(TlsEngine v) {
      tlsEngine = v;
      return this;
    }

    public Builder consolidateFlushes(boolean v) {
      consolidateFlushes = v;
      return this;
    }

    public TransportConfig build() {
      return new TransportConfig(
          trust,
          clientMaterial,
          maxConnections,
          maxConnectionsPerAddress,
          idleTimeout,
          handshakeTimeout,
          connectTimeout,
          udpFlowIdle,
          maxUdpFlows,
          parserLimits,
          keyLogFile,
          eventLoopThreads,
          tlsEngine,
          tap,
          consolidateFlushes);
    }
  }
}
