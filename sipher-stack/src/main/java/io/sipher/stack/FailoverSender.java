package io.sipher.stack;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Via;
import io.sipher.stack.dns.Failover;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transport.Destination;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Sends one request to the targets RFC 3263 found for its URI, in order: each attempt is a new
 * client transaction with a new branch (§4.3), and a transport error, a timeout without a final
 * response, or a 503 moves on to the next target. The listener sees the responses of the attempt in
 * progress, and a failure only when the last target has failed (a 503 from the last one is passed
 * on as it is).
 */
final class FailoverSender implements ClientTransactionListener {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SipStack stack;
  private final SipRequest request;
  private final Failover failover;
  private final ClientTransactionListener listener;
  private volatile ClientTransaction current;

  FailoverSender(
      SipStack stack,
      SipRequest request,
      List<Destination> targets,
      ClientTransactionListener listener) {
    this.stack = stack;
    this.request = request;
    this.failover = new Failover(targets);
    this.listener = listener;
  }

  /** Starts the first attempt. */
  void start() {
    attempt(failover.current().orElseThrow());
  }

  private void attempt(Destination d) {
    current = stack.sendRequest(forTarget(request, d), d, this);
  }

  /** Whether another target is left; moves to it when there is. */
  private boolean advance(ClientTransaction tx) {
    if (tx != current) {
      return false;
    }
    Optional<Destination> next = failover.next();
    if (next.isEmpty()) {
      return false;
    }
    attempt(next.get());
    return true;
  }

  @Override
  public void onResponse(ClientTransaction tx, SipResponse response) {
    if (Failover.failsOverOn(response.statusCode()) && failover.remaining().size() > 1) {
      advance(tx);
      return;
    }
    listener.onResponse(tx, response);
  }

  @Override
  public void onTimeout(ClientTransaction tx) {
    if (!advance(tx)) {
      listener.onTimeout(tx);
    }
  }

  @Override
  public void onTransportError(ClientTransaction tx, Throwable cause) {
    if (!advance(tx)) {
      listener.onTransportError(tx, cause);
    }
  }

  @Override
  public void onTerminated(ClientTransaction tx) {
    if (tx == current) {
      listener.onTerminated(tx);
    }
  }

  /**
   * The request as sent to one target: a fresh branch (each attempt is a new transaction, RFC 3263
   * §4.3) and the top Via's transport set to the target's (RFC 3261 §18.1.1).
   */
  static SipRequest forTarget(SipRequest request, Destination d) {
    Via via = request.topVia();
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    Via fresh =
        new Via(
                via.protocolName(),
                via.protocolVersion(),
                d.transport().viaName(),
                via.sentBy(),
                via.parameters())
            .withParameter("branch", Via.MAGIC_COOKIE + HexFormat.of().formatHex(b));
    return request.edit().popVia().pushVia(fresh).build();
  }
}
