package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.Scheduler;

/**
 * The non-INVITE server transaction: RFC 3261 §17.2.2 (Figure 8). A CANCEL is one too (§9.2).
 *
 * <pre>
 * state       input              next        action
 * Trying      (TU given it)      Trying      Timer TU_ANSWER = finalResponseTimeout (64*T1)
 * Trying      request again      Trying      absorbed
 * Trying/Pr.  1xx from TU        Proceeding  send
 * Trying/Pr.  200-699 from TU    Completed   send; stop TU_ANSWER; Timer J (64*T1 unrel., 0 rel.)
 * Trying/Pr.  Timer TU_ANSWER    Terminated  TU: timeout; nothing sent
 * Proceeding  request again      Proceeding  resend the latest provisional response
 * Completed   request again      Completed   resend the final response
 * Completed   200-699 from TU    Completed   discarded
 * Completed   Timer J            Terminated
 * Pr./Comp.   transport error    Terminated  TU: transport error
 * </pre>
 *
 * <p><b>A TU that does not answer.</b> The TU must answer every request it is given, but one that
 * drops a request must not leave the transaction in the table for ever. Timer TU_ANSWER ({@link
 * TransactionConfig#finalResponseTimeout}, 64×T1 by default) ends it: by then the client's Timer F
 * has fired (it started when the request was sent, before this transaction existed), so the client
 * has reported a timeout to its own TU and a final response would reach no one. The transaction
 * therefore sends nothing, not even the 408 that RFC 4320 forbids for non-INVITE requests, and
 * reports {@link TransactionUser#onTimeout}.
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
  private boolean started;
  private SipResponse lastProvisional;
  // Completed over an unreliable transport: the final response, resent to retransmitted requests.
  private EncodedMessage finalResponse;
  private Scheduler.Handle timerJ;
  private Scheduler.Handle tuAnswerTimer;

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

  /**
   * Starts Timer TU_ANSWER (see the class comment) unless the TU has answered already; the layer
   * calls this once, when the TU's {@code onRequest} returns. Most requests (a REGISTER, an OPTIONS
   * to the server) are answered within that call, and so cost no timer set only to be cancelled.
   */
  void start() {
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("already started: " + this);
      }
      started = true;
      if (state == State.TRYING || state == State.PROCEEDING) {
        tuAnswerTimer = startTimer(Timer.TU_ANSWER, config().finalResponseTimeout());
      }
    }
  }

  @Override
  public boolean respond(SipResponse response) {
    return respond(response, false);
  }

  @Override
  public boolean respondStatelessly(SipResponse response) {
    requireFinal(response);
    return respond(response, true);
  }

  private boolean respond(SipResponse response, boolean stateless) {
    Outbox out = new Outbox();
    boolean sent = false;
    synchronized (this) {
      switch (state) {
        case TRYING, PROCEEDING -> {
          sent = true;
          send(out, response);
          if (response.isProvisional()) {
            state = State.PROCEEDING;
            lastProvisional = response;
          } else {
            state = State.COMPLETED;
            lastProvisional = null;
            cancel(tuAnswerTimer);
            tuAnswerTimer = null;
            if (reliable || stateless) {
              terminate(out); // Timer J is zero on reliable transports (and stateless, §8.2.7).
            } else {
              // §17.2.2: Completed answers request retransmissions for 64*T1, and needs nothing
              // else: the messages are kept encoded for that time (EncodedMessage says why).
              finalResponse = new EncodedMessage(response);
              compactRequest();
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
        case PROCEEDING -> send(out, lastProvisional); // §17.2.2
        case COMPLETED -> send(out, finalResponse.decode(SipResponse.class)); // §17.2.2
      }
    }
    out.run();
  }

  @Override
  void onTimer(Timer timer, Outbox out) {
    switch (timer) {
      case J -> {
        if (state == State.COMPLETED) {
          terminate(out);
        }
      }
      case TU_ANSWER -> {
        if (state == State.TRYING || state == State.PROCEEDING) {
          // Class comment: the client has given up; send nothing and tell the TU.
          out.add(() -> layer.user().onTimeout(this));
          terminate(out);
        }
      }
      default -> throw new IllegalArgumentException("not a non-INVITE server timer: " + timer);
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
    cancel(tuAnswerTimer);
    timerJ = tuAnswerTimer = null;
    leaveTable();
    out.add(() -> layer.user().onTerminated(this));
  }
}
