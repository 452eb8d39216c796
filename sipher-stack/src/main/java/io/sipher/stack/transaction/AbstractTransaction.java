package io.sipher.stack.transaction;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What the four machines share: their request, wire and key, the plumbing that turns a send into an
 * input on failure, and timer scheduling. Each machine guards its state with its own monitor;
 * transitions run under it and collect their I/O in an {@link Outbox} that runs after the monitor
 * is released.
 */
abstract class AbstractTransaction {
  final TransactionLayer layer;
  final TransactionKey key;
  final Wire wire;
  final boolean reliable;
  private final String branch;
  // The request while the transaction is active; once it only lingers (see compactRequest) the
  // request is kept encoded instead. Written under the monitor, read by any thread.
  private volatile SipRequest request;
  private volatile EncodedMessage compactRequest;

  AbstractTransaction(TransactionLayer layer, TransactionKey key, SipRequest request, Wire wire) {
    this.layer = layer;
    this.key = key;
    this.request = request;
    this.wire = wire;
    this.reliable = wire.reliable();
    this.branch = request.topVia().branch();
  }

  /**
   * The request that created the transaction. A transaction that lingers after its final response
   * keeps it encoded ({@link EncodedMessage}), so this then parses it again: equal content, a new
   * instance.
   */
  public final SipRequest request() {
    SipRequest r = request;
    return r != null ? r : compactRequest.decode(SipRequest.class);
  }

  public final Wire wire() {
    return wire;
  }

  public final String branch() {
    return branch;
  }

  /**
   * Keeps the request encoded from now on: for a state that only lingers to match retransmissions
   * and ACKs (see {@link EncodedMessage} for why). Call under the monitor.
   */
  final void compactRequest() {
    if (request != null) {
      compactRequest = new EncodedMessage(request); // published before the request is dropped
      request = null;
    }
  }

  /** For the calls that end a transaction with a response: a provisional one cannot. */
  static void requireFinal(SipResponse response) {
    if (response.isProvisional()) {
      throw new IllegalArgumentException("only a final response ends a transaction: " + response);
    }
  }

  final TransactionConfig config() {
    return layer.config();
  }

  /** Handles a timer in the current state; runs under the monitor. */
  abstract void onTimer(Timer timer, Outbox out);

  /** Handles a failed send in the current state; runs under the monitor. */
  abstract void onTransportError(Throwable cause, Outbox out);

  /**
   * Runs one input under this transaction's monitor, then what it queued (sends, listener calls)
   * outside it, so that a listener may act on the transaction from its callback.
   */
  final void input(Consumer<Outbox> transition) {
    Outbox out = new Outbox();
    synchronized (this) {
      transition.accept(out);
    }
    out.run();
  }

  /** Starts a timer whose expiry becomes the input {@code timer}. Call under the monitor. */
  final Scheduler.Handle startTimer(Timer timer, Duration delay) {
    return layer.scheduler().schedule(delay, () -> fire(timer));
  }

  static void cancel(Scheduler.Handle handle) {
    if (handle != null) {
      handle.cancel();
    }
  }

  private void fire(Timer timer) {
    input(out -> onTimer(timer, out));
  }

  /** Queues a send; a failure comes back as a transport-error input. */
  final void send(Outbox out, SipMessage message) {
    out.add(() -> transmit(message));
  }

  private void transmit(SipMessage message) {
    CompletionStage<Void> sent;
    try {
      sent = wire.send(message);
    } catch (RuntimeException e) {
      transportFailed(e);
      return;
    }
    sent.whenComplete(
        (ok, error) -> {
          if (error != null) {
            transportFailed(error);
          }
        });
  }

  private void transportFailed(Throwable cause) {
    input(out -> onTransportError(cause, out));
  }

  /** Removes the transaction from the layer's table; call on entering Terminated. */
  final void leaveTable() {
    layer.remove(key, this);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + '[' + key + ']';
  }
}
