package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.Scheduler;
import java.time.Duration;

/**
 * The non-INVITE client transaction: RFC 3261 §17.1.2 (Figure 6).
 *
 * <pre>
 * state       input            next        action
 * Trying      (start)          Trying      send request; Timer E = T1 (unreliable); Timer F
 * Trying      Timer E          Trying      resend; Timer E = min(2E, T2)
 * Proceeding  Timer E          Proceeding  resend; Timer E = T2
 * Trying/Pr.  1xx              Proceeding  TU: response
 * Trying/Pr.  200-699          Completed   TU: response; Timer K (T4 unreliable, 0 reliable)
 * Trying/Pr.  Timer F          Terminated  TU: timeout
 * Completed   any response     Completed   absorbed
 * Completed   Timer K          Terminated
 * Trying/Pr.  transport error  Terminated  TU: transport error
 * any         TU: terminate()  Terminated
 * </pre>
 */
public final class NonInviteClientTransaction extends AbstractTransaction
    implements ClientTransaction {

  /** The states of Figure 6. */
  public enum State {
    TRYING,
    PROCEEDING,
    COMPLETED,
    TERMINATED
  }

  private final ClientTransactionListener listener;
  private State state = State.TRYING;
  private boolean started;
  private Duration timerEInterval;
  private Scheduler.Handle timerE;
  private Scheduler.Handle timerF;
  private Scheduler.Handle timerK;

  NonInviteClientTransaction(
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

  /** Sends the request and starts the Trying timers; the layer calls this once, after tabling. */
  void start() {
    Outbox out = new Outbox();
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("already started: " + this);
      }
      started = true;
      // §17.1.2.2: send on entering Trying; Timer F always, Timer E only over unreliable paths.
      send(out, request());
      if (!reliable) {
        timerEInterval = config().t1();
        timerE = startTimer(Timer.E, timerEInterval);
      }
      timerF = startTimer(Timer.F, config().timeout());
    }
    out.run();
  }

  /** A response matched to this transaction by §17.1.3. */
  void receiveResponse(SipResponse response) {
    input(out -> onResponse(response, out));
  }

  private void onResponse(SipResponse response, Outbox out) {
    switch (state) {
      case TRYING, PROCEEDING -> {
        if (response.isProvisional()) {
          // §17.1.2.2: Proceeding keeps retransmitting (at T2) until a final response.
          state = State.PROCEEDING;
          out.add(() -> listener.onResponse(this, response));
        } else {
          state = State.COMPLETED;
          cancel(timerE);
          cancel(timerF);
          timerE = timerF = null;
          out.add(() -> listener.onResponse(this, response));
          if (reliable) {
            terminate(out); // Timer K is zero on reliable transports.
          } else {
            // §17.1.2.2: Completed buffers response retransmissions for T4.
            compactRequest();
            timerK = startTimer(Timer.K, config().t4());
          }
        }
      }
      case COMPLETED, TERMINATED -> {
        // §17.1.2.2: retransmitted responses are absorbed.
      }
    }
  }

  @Override
  void onTimer(Timer timer, Outbox out) {
    switch (timer) {
      case E -> {
        if (state == State.TRYING) {
          // §17.1.2.2: the interval doubles, capped at T2.
          send(out, request());
          Duration doubled = timerEInterval.multipliedBy(2);
          timerEInterval = doubled.compareTo(config().t2()) < 0 ? doubled : config().t2();
          timerE = startTimer(Timer.E, timerEInterval);
        } else if (state == State.PROCEEDING) {
          // §17.1.2.2: in Proceeding the request is resent every T2.
          send(out, request());
          timerEInterval = config().t2();
          timerE = startTimer(Timer.E, timerEInterval);
        }
      }
      case F -> {
        if (state == State.TRYING || state == State.PROCEEDING) {
          // §17.1.2.2: no final response within 64*T1; the TU turns this into a 408.
          out.add(() -> listener.onTimeout(this));
          terminate(out);
        }
      }
      case K -> {
        if (state == State.COMPLETED) {
          terminate(out);
        }
      }
      default -> throw new IllegalArgumentException("not a non-INVITE client timer: " + timer);
    }
  }

  @Override
  void onTransportError(Throwable cause, Outbox out) {
    if (state == State.TRYING || state == State.PROCEEDING) {
      // §17.1.4: inform the TU and terminate.
      out.add(() -> listener.onTransportError(this, cause));
      terminate(out);
    }
  }

  @Override
  public boolean terminate() {
    Outbox out = new Outbox();
    synchronized (this) {
      if (state == State.TERMINATED) {
        return false;
      }
      terminate(out);
    }
    out.run();
    return true;
  }

  private void terminate(Outbox out) {
    state = State.TERMINATED;
    cancel(timerE);
    cancel(timerF);
    cancel(timerK);
    timerE = timerF = timerK = null;
    leaveTable();
    out.add(() -> listener.onTerminated(this));
  }
}
