package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The INVITE client transaction: RFC 3261 §17.1.1 (Figure 5) with the Accepted state of RFC 6026
 * §7.2 (Figure 3).
 *
 * <pre>
 * state       input                 next        action
 * Calling     (start)               Calling     send INVITE; Timer A = T1 (unreliable); Timer B
 * Calling     Timer A               Calling     resend INVITE; Timer A doubles
 * Calling     Timer B               Terminated  TU: timeout
 * Calling     1xx                   Proceeding  TU: response; stop A and B
 * Calling/Pr. 2xx                   Accepted    TU: response; Timer M = 64*T1
 * Calling/Pr. 300-699               Completed   TU: response; send ACK; Timer D
 * Proceeding  1xx                   Proceeding  TU: response
 * Proceeding  (CANCEL sent)         Proceeding  Timer AFTER_CANCEL = 64*T1
 * Proceeding  Timer AFTER_CANCEL    Terminated  TU: timeout (§9.1)
 * Completed   300-699               Completed   resend ACK
 * Completed   Timer D               Terminated
 * Accepted    2xx                   Accepted    TU: response
 * Accepted    Timer M               Terminated
 * any         transport error       Terminated  TU: transport error (while no final yet)
 * any         TU: terminate()       Terminated
 * </pre>
 *
 * <p>It also holds a CANCEL requested before any provisional response arrived, which §9.1 forbids
 * sending until one does: see {@link #cancel}.
 *
 * <p><b>How Proceeding ends.</b> A provisional response stops Timers A and B, and the callee may
 * then ring for as long as it likes (§13.3.1.1): the transaction has no timer of its own in
 * Proceeding until the TU acts. A CANCEL starts one: if no final response arrives within 64×T1 of
 * sending it, the transaction ends as if Timer B had fired (§9.1). A proxy ends a branch with
 * {@link #terminate} when its Timer C fires before any provisional response (§16.8). A UA with no
 * ring timeout of its own would keep the transaction for as long as the far end sends nothing
 * final; {@link TransactionConfig#maxTransactions} bounds what such transactions can hold.
 */
public final class InviteClientTransaction extends AbstractTransaction
    implements ClientTransaction {

  /** The states of Figure 5 and RFC 6026 Figure 3. */
  public enum State {
    CALLING,
    PROCEEDING,
    COMPLETED,
    ACCEPTED,
    TERMINATED
  }

  private final ClientTransactionListener listener;
  private State state = State.CALLING;
  private boolean started;
  private Duration timerAInterval;
  private Scheduler.Handle timerA;
  private Scheduler.Handle timerB;
  private Scheduler.Handle lingerTimer; // D or M
  private Scheduler.Handle afterCancelTimer;
  private SipRequest ack;
  private CompletableFuture<Optional<ClientTransaction>> cancelResult;
  private ClientTransactionListener cancelListener;
  private boolean cancelSent;

  InviteClientTransaction(
      TransactionLayer layer,
      TransactionKey key,
      SipRequest request,
      Wire wire,
      ClientTransactionListener listener) {
    super(layer, key, request, wire);
    this.listener = listener;
  }

  public synchronized State state() {
    return state;
  }

  @Override
  public synchronized boolean isTerminated() {
    return state == State.TERMINATED;
  }

  /** Sends the request and starts the Calling timers; the layer calls this once, after tabling. */
  void start() {
    Outbox out = new Outbox();
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("already started: " + this);
      }
      started = true;
      // §17.1.1.2: the request goes out on entering Calling. Timer A only over unreliable
      // transports; Timer B always, as the transaction timeout.
      send(out, request());
      if (!reliable) {
        timerAInterval = config().t1();
        timerA = startTimer(Timer.A, timerAInterval);
      }
      timerB = startTimer(Timer.B, config().timeout());
    }
    out.run();
  }

  /** A response matched to this transaction by §17.1.3. */
  void receiveResponse(SipResponse response) {
    input(out -> onResponse(response, out));
  }

  private void onResponse(SipResponse response, Outbox out) {
    int code = response.statusCode();
    switch (state) {
      case CALLING, PROCEEDING -> {
        if (code < 200) {
          // §17.1.1.2: a provisional response stops retransmissions and the timeout; the TU
          // (Timer C in a proxy, CANCEL in a UA) decides how long to wait for a final one.
          if (state == State.CALLING) {
            state = State.PROCEEDING;
            cancel(timerA);
            cancel(timerB);
            sendHeldCancel(out);
          }
          notifyResponse(out, response);
        } else if (code < 300) {
          // RFC 6026 §7.2: a 2xx moves to Accepted, where further 2xx (other forks, or
          // retransmissions) still reach the TU, which sends their ACKs itself.
          state = State.ACCEPTED;
          stopWaitTimers();
          dropHeldCancel(out);
          compactRequest(); // Accepted only matches 2xx for 64*T1 (EncodedMessage says why)
          lingerTimer = startTimer(Timer.M, config().timeout());
          notifyResponse(out, response);
        } else {
          // §17.1.1.2, §17.1.1.3: the transaction acknowledges a non-2xx final response itself.
          state = State.COMPLETED;
          stopWaitTimers();
          dropHeldCancel(out);
          ack = TransactionRequests.ack(request(), response);
          compactRequest(); // Completed only answers retransmitted responses with the ACK
          send(out, ack);
          notifyResponse(out, response);
          if (reliable) {
            terminate(out); // Timer D is zero on reliable transports.
          } else {
            lingerTimer = startTimer(Timer.D, TransactionConfig.TIMER_D);
          }
        }
      }
      case COMPLETED -> {
        // §17.1.1.2: a retransmitted final response means our ACK was lost; send it again. It is
        // not passed to the TU.
        if (code >= 300) {
          send(out, ack);
        }
      }
      case ACCEPTED -> {
        // RFC 6026 §7.2: every 2xx goes to the TU; anything else is ignored.
        if (code >= 200 && code < 300) {
          notifyResponse(out, response);
        }
      }
      case TERMINATED -> {
        // Raced with termination; the layer would have called it stray a moment later.
      }
    }
  }

  @Override
  void onTimer(Timer timer, Outbox out) {
    switch (timer) {
      case A -> {
        // §17.1.1.2: retransmit and double the interval (no cap for INVITE requests).
        if (state == State.CALLING) {
          send(out, request());
          timerAInterval = timerAInterval.multipliedBy(2);
          timerA = startTimer(Timer.A, timerAInterval);
        }
      }
      case B -> {
        // §17.1.1.2: no response within 64*T1; the TU turns this into a 408.
        if (state == State.CALLING) {
          dropHeldCancel(out);
          out.add(() -> listener.onTimeout(this));
          terminate(out);
        }
      }
      case D -> {
        if (state == State.COMPLETED) {
          terminate(out);
        }
      }
      case M -> {
        if (state == State.ACCEPTED) {
          terminate(out); // RFC 6026 §7.2
        }
      }
      case AFTER_CANCEL -> {
        // §9.1: with no final response 64*T1 after the CANCEL, the client SHOULD consider the
        // INVITE cancelled and destroy its client transaction. The TU learns it as a timeout.
        if (state == State.PROCEEDING) {
          out.add(() -> listener.onTimeout(this));
          terminate(out);
        }
      }
      default -> throw new IllegalArgumentException("not an INVITE client timer: " + timer);
    }
  }

  @Override
  void onTransportError(Throwable cause, Outbox out) {
    switch (state) {
      case CALLING, PROCEEDING -> {
        // §17.1.4: inform the TU (it answers 503 or tries another address) and terminate.
        dropHeldCancel(out);
        out.add(() -> listener.onTransportError(this, cause));
        terminate(out);
      }
      case COMPLETED -> terminate(out); // the ACK failed; the TU already has its final response
      case ACCEPTED, TERMINATED -> {
        // Nothing of ours is in flight in Accepted: the TU sends the ACKs for 2xx.
      }
    }
  }

  /**
   * Cancels the INVITE (RFC 3261 §9.1): builds a CANCEL with {@link TransactionRequests#cancel} and
   * sends it as a non-INVITE client transaction of its own over this transaction's wire, reporting
   * to {@code cancelListener}. If no provisional response has arrived yet, the CANCEL is held until
   * one does. Calling this again returns the first call's result: a request is cancelled once. Once
   * the CANCEL is sent, the INVITE waits 64×T1 at most for its final response and then ends with
   * {@link ClientTransactionListener#onTimeout} (§9.1).
   *
   * @return completes with the CANCEL's client transaction once it is sent, or with empty when no
   *     CANCEL is sent because the INVITE got a final response (or failed) first
   */
  public CompletionStage<Optional<ClientTransaction>> cancel(
      ClientTransactionListener cancelListener) {
    Outbox out = new Outbox();
    CompletableFuture<Optional<ClientTransaction>> result;
    synchronized (this) {
      if (cancelResult != null) {
        return cancelResult;
      }
      result = cancelResult = new CompletableFuture<>();
      this.cancelListener = cancelListener;
      switch (state) {
        case CALLING -> {
          // §9.1: the CANCEL MUST NOT be sent before a provisional response; held until then.
        }
        case PROCEEDING -> sendHeldCancel(out);
        // §9.1: a request with a final response SHOULD NOT be cancelled; there is nothing to do.
        case COMPLETED, ACCEPTED, TERMINATED -> dropHeldCancel(out);
      }
    }
    out.run();
    return result;
  }

  private void sendHeldCancel(Outbox out) {
    if (cancelResult == null || cancelSent) {
      return;
    }
    cancelSent = true;
    // §9.1: the INVITE now waits 64*T1 at most for its final response. The timer runs even if the
    // CANCEL cannot be sent (the table is full, say): the TU has given up on the request either
    // way.
    afterCancelTimer = startTimer(Timer.AFTER_CANCEL, config().timeout());
    CompletableFuture<Optional<ClientTransaction>> result = cancelResult;
    ClientTransactionListener l = cancelListener;
    out.add(
        () -> {
          try {
            ClientTransaction tx =
                layer.sendRequest(TransactionRequests.cancel(request()), wire, l);
            result.complete(Optional.of(tx));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
  }

  private void dropHeldCancel(Outbox out) {
    if (cancelResult == null || cancelSent) {
      return;
    }
    cancelSent = true;
    CompletableFuture<Optional<ClientTransaction>> result = cancelResult;
    out.add(() -> result.complete(Optional.empty()));
  }

  /** Stops the timers that wait for a final response: A and B in Calling, the CANCEL's wait. */
  private void stopWaitTimers() {
    cancel(timerA);
    cancel(timerB);
    cancel(afterCancelTimer);
    timerA = timerB = afterCancelTimer = null;
  }

  private void notifyResponse(Outbox out, SipResponse response) {
    out.add(() -> listener.onResponse(this, response));
  }

  @Override
  public boolean terminate() {
    Outbox out = new Outbox();
    synchronized (this) {
      if (state == State.TERMINATED) {
        return false;
      }
      dropHeldCancel(out);
      terminate(out);
    }
    out.run();
    return true;
  }

  private void terminate(Outbox out) {
    state = State.TERMINATED;
    stopWaitTimers();
    cancel(lingerTimer);
    lingerTimer = null;
    leaveTable();
    out.add(() -> listener.onTerminated(this));
  }
}
