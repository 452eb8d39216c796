package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.Scheduler;

/**
 * The non-INVITE server transaction: RFC 3261 §17.2.2 (Figure 8). A CANCEL is one too (§9.2).
 *
 * <pre>
 * state       input              next        action
 * Trying      request again      Trying      absorbed
 * Trying/Pr.  1xx from TU        Proceeding  send
 * Trying/Pr.  200-699 from TU    Completed   send; Timer J (64*T1 unreliable, 0 reliable)
 * Proceeding  request again      Proceeding  resend the latest provisional response
 * Completed   request again      Completed   resend the final response
 * Completed   200-699 from TU    Completed   discarded
 * Completed   Timer J            Terminated
 * Pr./Comp.   transport error    Terminated  TU: transport error
 * </pre>
 *
 * <p>The transaction has no timer before the TU answers: the TU must answer every request it is
 * given.
 */
public final class NonInviteServerTransaction extends AbstractTransaction
    implements ServerTransaction {

  /** The states of Figure 8. */
  public enum State {
    TRYING,
    PROCEEDING,
    COMPLETED,
    TERMINATED
  }

  private State state = State.TRYING;
  private SipResponse lastResponse;
  private Scheduler.Handle timerJ;

  NonInviteServerTransaction(
      TransactionLayer layer, TransactionKey key, SipRequest request, Wire wire) {
    super(layer, key, request, wire);
  }

  public synchronized State state() {
    return state;
  }

  @Override
  public synchronized boolean isTerminated() {
    return state == State.TERMINATED;
  }

  @Override
  public boolean respond(SipResponse response) {
    Outbox out = new Outbox();
    boolean sent = false;
    synchronized (this) {
      switch (state) {
        case TRYING, PROCEEDING -> {
          sent = true;
          lastResponse = response;
          send(out, response);
          if (response.isProvisional()) {
            state = State.PROCEEDING;
          } else {
            state = State.COMPLETED;
            if (reliable) {
              terminate(out); // Timer J is zero on reliable transports.
            } else {
              // §17.2.2: Completed answers request retransmissions for 64*T1.
              timerJ = startTimer(Timer.J, config().timeout());
            }
          }
        }
        case COMPLETED, TERMINATED -> {
          // §17.2.2: further final responses from the TU are discarded.
        }
      }
    }
    out.run();
    return sent;
  }

  /** A retransmission of the request, matched by §17.2.3. */
  void receiveRetransmission() {
    Outbox out = new Outbox();
    synchronized (this) {
      switch (state) {
        case TRYING, TERMINATED -> {
          // §17.2.2: in Trying there is nothing to resend yet.
        }
        case PROCEEDING, COMPLETED -> send(out, lastResponse); // §17.2.2
      }
    }
    out.run();
  }

  @Override
  void onTimer(Timer timer, Outbox out) {
    if (timer != Timer.J) {
      throw new IllegalArgumentException("not a non-INVITE server timer: " + timer);
    }
    if (state == State.COMPLETED) {
      terminate(out);
    }
  }

  @Override
  void onTransportError(Throwable cause, Outbox out) {
    if (state == State.PROCEEDING || state == State.COMPLETED) {
      // §17.2.4: inform the TU and terminate.
      out.add(() -> layer.user().onTransportError(this, cause));
      terminate(out);
    }
  }

  private void terminate(Outbox out) {
    state = State.TERMINATED;
    cancel(timerJ);
    timerJ = null;
    leaveTable();
    out.add(() -> layer.user().onTerminated(this));
  }
}
