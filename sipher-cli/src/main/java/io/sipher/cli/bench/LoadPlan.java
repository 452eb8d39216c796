package io.sipher.cli.bench;

import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything one load run needs, checked by {@link BenchCommand}.
 *
 * @param scenario what each attempt does
 * @param server where the requests go, with the SIP domain a TLS server must prove (RFC 5922)
 * @param users the phones' user names (digest usernames), one phone each
 * @param connections how many connections the phones share (phone i uses connection i mod n)
 * @param reconnect a new connection (a full TLS handshake) for every attempt, closed after it
 * @param rate attempts started per second; 0 means each phone starts its next attempt as soon as
 *     its last one ends (as fast as it goes)
 * @param sources the local addresses connections leave from, in turn
 * @param callee the user the call scenario calls; it registers from this generator
 * @param calleeListen where the callee listens (its Contact); null: it is reached over the flow it
 *     registered on (RFC 5626 outbound)
 * @param calleeCertificate the callee listener's TLS certificate, when it listens over TLS
 * @param hold how long a call lasts between ACK and BYE
 * @param serverPids processes whose CPU and memory the summary reports (with their children)
 */
record LoadPlan(
    Scenario scenario,
    Destination server,
    String domain,
    List<String> users,
    String password,
    int connections,
    boolean reconnect,
    double rate,
    Duration warmup,
    Duration duration,
    Duration timeout,
    List<InetAddress> sources,
    String callee,
    InetSocketAddress calleeListen,
    KeyMaterial calleeCertificate,
    Duration hold,
    int registerExpires,
    CertificateVerifier trust,
    List<Long> serverPids) {

  /** What one attempt does. */
  enum Scenario {
    /** REGISTER, 401, REGISTER with digest credentials, 200. */
    REGISTER,
    /** OPTIONS to the server (with credentials if challenged), 200. */
    OPTIONS,
    /** INVITE, 180, 200, ACK, BYE, 200 through the proxy to a callee this generator runs. */
    CALL,
    /** Open the connections (a TLS handshake each), keep them idle for the duration. */
    CONNECT
  }

  Transport transport() {
    return server.transport();
  }
}
