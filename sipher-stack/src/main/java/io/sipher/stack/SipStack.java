package io.sipher.stack;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.uri.SipUri;
import io.sipher.stack.dns.ServerLocator;
import io.sipher.stack.time.Scheduler;
import io.sipher.stack.time.WheelScheduler;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transaction.TransactionLayer;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TransportConfig;
import io.sipher.stack.transport.TransportLayer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The SIP engine under the server and the user agent: transports and their flows, joined to the
 * transaction layer. Every message read goes to the transactions; what they do not absorb goes to
 * the {@link TransactionUser}.
 *
 * <pre>{@code
 * try (SipStack stack = SipStack.start(transportConfig, listeners, TransactionConfig.DEFAULTS, tu)) {
 *   stack.sendRequest(request, destination, listener);
 * }
 * }</pre>
 */
public final class SipStack implements AutoCloseable {
  private final TransportLayer transport;
  private final TransactionLayer transactions;
  private final WheelScheduler ownScheduler;

  private SipStack(
      TransportConfig transportConfig,
      TransactionConfig transactionConfig,
      Scheduler scheduler,
      TransactionUser user) {
    this.transport = new TransportLayer(transportConfig, this::receive);
    // Timer callbacks (timeouts, retransmission failures) run on the network threads, like
    // message callbacks, rather than queueing behind each other on the wheel's one thread.
    this.ownScheduler = scheduler == null ? new WheelScheduler(transport.executor()) : null;
    Scheduler timers = scheduler == null ? ownScheduler : scheduler;
    try {
      this.transactions = new TransactionLayer(transactionConfig, timers, user);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Everything read goes to the transactions, with the flow it came on as the reply path. */
  private void receive(SipMessage message, Flow flow) {
    transactions.receive(message, new FlowWire(transport, flow));
  }

  /** Starts a stack with the given listeners (possibly none, for a UA that only connects out). */
  public static SipStack start(
      TransportConfig transportConfig,
      List<ListenerConfig> listeners,
      TransactionConfig transactionConfig,
      TransactionUser user) {
    return start(transportConfig, listeners, transactionConfig, null, user);
  }

  /** As above, with the timers on {@code scheduler} (null: a timer wheel owned by the stack). */
  public static SipStack start(
      TransportConfig transportConfig,
      List<ListenerConfig> listeners,
      TransactionConfig transactionConfig,
      Scheduler scheduler,
      TransactionUser user) {
    SipStack stack = new SipStack(transportConfig, transactionConfig, scheduler, user);
    try {
      for (ListenerConfig l : listeners) {
        stack.transport.listen(l);
      }
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  public TransportLayer transport() {
    return transport;
  }

  public TransactionLayer transactions() {
    return transactions;
  }

  /** Sends a request in a new client transaction toward a destination. */
  public ClientTransaction sendRequest(
      SipRequest request, Destination destination, ClientTransactionListener listener) {
    return transactions.sendRequest(request, new DestinationWire(transport, destination), listener);
  }

  /** Sends a request in a new client transaction on a known flow (RFC 5626 §5.3). */
  public ClientTransaction sendRequest(
      SipRequest request, Flow flow, ClientTransactionListener listener) {
    return transactions.sendRequest(request, new FlowWire(transport, flow), listener);
  }

  /**
   * Sends a request to wherever RFC 3263 locates {@code target} (usually the Request-URI or the
   * first Route), failing over across the targets in order on a transport error, a timeout or a 503
   * (§4.3). The stage completes once the first attempt is under way, and fails when location fails
   * or finds nothing to contact; from then on the listener hears from the attempts.
   */
  public CompletionStage<Void> sendRequest(
      SipRequest request,
      SipUri target,
      ServerLocator locator,
      ClientTransactionListener listener) {
    return locator
        .locate(target)
        .thenAccept(
            targets -> {
              if (targets.isEmpty()) {
                throw new CompletionException(new IOException("no server found for " + target));
              }
              new FailoverSender(this, request, targets, listener).start();
            });
  }

  /**
   * A clean stop: no new connections are accepted, transactions in progress get up to {@code grace}
   * to finish (their responses and retransmissions still flow), then everything closes.
   */
  public void shutdown(java.time.Duration grace) {
    transport.stopAccepting();
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      while (transactions.size() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
  }

  @Override
  public void close() {
    // Timers first: their callbacks run on the network threads the transport is about to stop.
    if (ownScheduler != null) {
      ownScheduler.close();
    }
    transport.close();
  }
}
