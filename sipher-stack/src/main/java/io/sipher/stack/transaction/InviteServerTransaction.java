package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.Scheduler;
import java.time.Duration;

/**
 * The INVITE server transaction: RFC 3261 §17.2.1 (Figure 7) with the Accepted state of RFC 6026
 * §7.1 (Figure 4).
 *
 * <pre>
 * state       input                next        action
 * Proceeding  (start)              Proceeding  send 100 Trying
 * Proceeding  INVITE again         Proceeding  resend the latest provisional response
 * Proceeding  1xx from TU          Proceeding  send
 * Proceeding  2xx from TU          Accepted    send; Timer L = 64*T1
 * Proceeding  300-699 from TU      Completed   send; Timer G = T1 (unreliable); Timer H = 64*T1
 * Completed   INVITE again         Completed   resend the final response
 * Completed   Timer G              Completed   resend; Timer G = min(2G, T2)
 * Completed   Timer H              Terminated  TU: timeout (the ACK never came)
 * Completed   ACK                  Confirmed   absorbed; Timer I (T4 unreliable, 0 reliable)
 * Confirmed   ACK                  Confirmed   absorbed
 * Confirmed   Timer I              Terminated
 * Accepted    INVITE again         Accepted    absorbed
 * Accepted    2xx from TU          Accepted    send (the TU retransmits 2xx, §13.3.1.4)
 * Accepted    ACK                  Accepted    to the TU
 * Accepted    Timer L              Terminated
 * Proc./Comp. transport error      Terminated  TU: transport error
 * </pre>
 *
 * <p><b>100 Trying.</b> §17.2.1 asks for a 100 unless the TU sends a provisional response within
 * 200 ms, and allows sending it at once. This transaction sends it at once, on creation: it stops
 * the client's Timer A retransmissions as early as possible, costs no timer per transaction, and an
 * extra 100 before a quick 180 is harmless (a 100 is hop-by-hop and never forwarded, §16.7).
 *
 * <p><b>No timer waits for the TU.</b> Unlike {@link NonInviteServerTransaction}, this transaction
 * never ends on its own in Proceeding, nor answers for the TU: a call may ring for minutes
 * (§13.3.1.1), and only the TU knows how long it is willing to wait (a UAS's ring timeout, a
 * proxy's Timer C, §16.6 step 11). The TU must therefore answer every INVITE it is given, finally,
 * or the transaction stays in the table; {@link TransactionConfig#maxTransactions} bounds how many
 * a faulty TU can leak, and when the table is full new requests get a 503.
 *
 * <p><b>Transport errors in Accepted.</b> RFC 6026 leaves the 2xx retransmissions to the TU; a 2xx
 * that fails to send is reported to the TU, but the transaction stays in Accepted until Timer L, so
 * that ACKs and retransmitted INVITEs keep matching it rather than reaching the TU as new.
 */
public final class InviteServerTransaction extends AbstractTransaction
    implements ServerTransaction {

  /** The states of Figure 7 and RFC 6026 Figure 4. */
  public enum State {
    PROCEEDING,
    COMPLETED,
    CONFIRMED,
    ACCEPTED,
    TERMINATED
  }

  private State state = State.PROCEEDING;
  private boolean started;
  private SipResponse lastProvisional;
  private EncodedMessage lastFinal; // Completed: resent until the ACK (kept encoded, see there)
  private String finalToTag;
  private Duration timerGInterval;
  private Scheduler.Handle timerG;
  private Scheduler.Handle timerH;
  private Scheduler.Handle lingerTimer; // I or L

  InviteServerTransaction(
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

  /** The To tag of the final response sent; an RFC 2543 ACK must carry it (§17.2.3). */
  synchronized String finalToTag() {
    return finalToTag;
  }

  /** Sends 100 Trying (see the class comment); the layer calls this once, after tabling. */
  void start() {
    Outbox out = new Outbox();
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("already started: " + this);
      }
      started = true;
      lastProvisional = TransactionRequests.trying(request());
      send(out, lastProvisional);
    }
    out.run();
  }

  @Override
  public boolean respond(SipResponse response) {
    Outbox out = new Outbox();
    boolean sent;
    synchronized (this) {
      sent = onTuResponse(response, out);
    }
    out.run();
    return sent;
  }

  /** As {@link #respond}: see {@link ServerTransaction#respondStatelessly} for why. */
  @Override
  public boolean respondStatelessly(SipResponse response) {
    requireFinal(response);
    return respond(response);
  }

  private boolean onTuResponse(SipResponse response, Outbox out) {
    int code = response.statusCode();
    switch (state) {
      case PROCEEDING -> {
        send(out, response);
        if (code < 200) {
          lastProvisional = response; // §17.2.1: kept for retransmitted INVITEs
        } else if (code < 300) {
          // RFC 6026 §7.1: a 2xx moves to Accepted, not Terminated, so that the ACK and
          // retransmitted INVITEs still match this transaction.
          state = State.ACCEPTED;
          finalToTag = response.to().tag();
          lastProvisional = null;
          compactRequest(); // Accepted only matches for 64*T1 (EncodedMessage says why)
          lingerTimer = startTimer(Timer.L, config().timeout());
        } else {
          // §17.2.1: Completed retransmits the response until the ACK arrives.
          state = State.COMPLETED;
          lastFinal = new EncodedMessage(response);
          lastProvisional = null;
          compactRequest();
          finalToTag = response.to().tag();
          if (!reliable) {
            timerGInterval = config().t1();
            timerG = startTimer(Timer.G, timerGInterval);
          }
          timerH = startTimer(Timer.H, config().timeout());
        }
        return true;
      }
      case ACCEPTED -> {
        // RFC 6026 §7.1: 2xx retransmissions from the TU pass through; nothing else may follow.
        if (code >= 200 && code < 300) {
          send(out, response);
          return true;
        }
        return false;
      }
      default -> {
        // §17.2.1: a final response after the first one is discarded.
        return false;
      }
    }
  }

  /** A retransmission of the INVITE, matched by §17.2.3. */
  void receiveRetransmission() {
    Outbox out = new Outbox();
    synchronized (this) {
      switch (state) {
        case PROCEEDING -> {
          if (lastProvisional != null) {
            send(out, lastProvisional); // §17.2.1
          }
        }
        case COMPLETED -> send(out, lastFinal.decode(SipResponse.class)); // §17.2.1
        case CONFIRMED, ACCEPTED, TERMINATED -> {
          // Absorbed: §17.2.1 for Confirmed; RFC 6026 §7.1 for Accepted.
        }
      }
    }
    out.run();
  }

  /**
   * An ACK matched to this transaction by §17.2.3.
   *
   * @return true when the ACK is for the TU (a 2xx ACK in Accepted, RFC 6026 §7.1); false when the
   *     transaction absorbed it
   */
  boolean receiveAck() {
    Outbox out = new Outbox();
    boolean forTu = false;
    synchronized (this) {
      switch (state) {
        case COMPLETED -> {
          // §17.2.1: the ACK stops the retransmissions; Confirmed absorbs its retransmissions.
          state = State.CONFIRMED;
          cancel(timerG);
          cancel(timerH);
          timerG = timerH = null;
          if (reliable) {
            terminate(out); // Timer I is zero on reliable transports.
          } else {
            lingerTimer = startTimer(Timer.I, config().t4());
          }
        }
        case ACCEPTED, TERMINATED -> forTu = true;
        case PROCEEDING, CONFIRMED -> {
          // An ACK before any final response acknowledges nothing; in Confirmed it is a
          // retransmission. Both are absorbed.
        }
      }
    }
    out.run();
    return forTu;
  }

  @Override
  void onTimer(Timer timer, Outbox out) {
    switch (timer) {
      case G -> {
        if (state == State.COMPLETED) {
          // §17.2.1: resend the final response; the interval doubles up to T2.
          send(out, lastFinal.decode(SipResponse.class));
          Duration doubled = timerGInterval.multipliedBy(2);
          timerGInterval = doubled.compareTo(config().t2()) < 0 ? doubled : config().t2();
          timerG = startTimer(Timer.G, timerGInterval);
        }
      }
      case H -> {
        if (state == State.COMPLETED) {
          // §17.2.1: the ACK never arrived; a transaction failure for the TU.
          out.add(() -> layer.user().onTimeout(this));
          terminate(out);
        }
      }
      case I -> {
        if (state == State.CONFIRMED) {
          terminate(out);
        }
      }
      case L -> {
        if (state == State.ACCEPTED) {
          terminate(out); // RFC 6026 §7.1
        }
      }
      default -> throw new IllegalArgumentException("not an INVITE server timer: " + timer);
    }
  }

  @Override
  void onTransportError(Throwable cause, Outbox out) {
    switch (state) {
      case PROCEEDING, COMPLETED -> {
        // §17.2.4: the response could not be delivered; inform the TU and terminate.
        out.add(() -> layer.user().onTransportError(this, cause));
        terminate(out);
      }
      case ACCEPTED -> out.add(() -> layer.user().onTransportError(this, cause)); // class comment
      case CONFIRMED, TERMINATED -> {
        // Nothing is sent in these states.
      }
    }
  }

  private void terminate(Outbox out) {
    state = State.TERMINATED;
    cancel(timerG);
    cancel(timerH);
    cancel(lingerTimer);
    timerG = timerH = lingerTimer = null;
    leaveTable();
    out.add(() -> layer.user().onTerminated(this));
  }
}
