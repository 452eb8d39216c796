package io.sipher.server.proxy;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Methods;
import io.sipher.server.Responses;
import io.sipher.stack.time.Scheduler;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.InviteClientTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response context of one proxied request (RFC 3261 §16.7): its server transaction, the
 * branches it was forwarded on, and what has been sent upstream.
 *
 * <ul>
 *   <li>Provisional responses other than 100 go upstream at once (§16.7 step 5); each one resets
 *       the branch's Timer C (§16.7 step 2: 101-199 only, a 100 does not).
 *   <li>Every 2xx goes upstream at once, also after the first (forked INVITE, §16.7 step 5); the
 *       first one cancels the other pending INVITE branches (§16.7 step 10). A 6xx cancels them
 *       too.
 *   <li>Other final responses are kept; when no branch is pending any more the best one goes up
 *       (§16.7 step 6): a 6xx if there is one, else the lowest class (within 4xx, 401, 407, 415,
 *       420 and 484 first), a 503 turned into 500; a chosen 401 or 407 carries the WWW- and
 *       Proxy-Authenticate values of every 401 and 407 received (§16.7 step 7). A timeout counts as
 *       408 and a transport error as 503 (§16.7, §16.9), so a next hop that cannot be reached (a
 *       failed TLS connection) is answered 500 upstream when nothing better came. A non-INVITE that
 *       only timed out gets no answer (RFC 4320: no 408 for non-INVITE).
 *   <li>Timer C (§16.6 step 11, §16.8): an INVITE branch without a provisional response within the
 *       time is ended as if it had answered 408; one that rang too long is cancelled.
 *   <li>A CANCEL from upstream (§16.10) cancels every pending branch, also one still being located
 *       (it is cancelled when its first provisional response arrives); the 487s come back through
 *       the same selection. With no branch pending, the proxy answers 487 itself.
 *   <li>A branch that was cancelled (by upstream, a 2xx elsewhere or Timer C) waits 64×T1 at most
 *       for its final response (§9.1), then counts as 487 (cancelled by upstream) or 408, so that
 *       neither this context nor the INVITE server transaction outlives a silent downstream.
 * </ul>
 *
 * <p>State changes run under this object's monitor; sending runs outside it, so that a transport
 * failure reported on the sending thread re-enters cleanly.
 */
final class ResponseContext {
  private static final Logger log = LoggerFactory.getLogger(ResponseContext.class);

  /** Starts the client transaction of one branch; returns it, or null when it comes later. */
  interface Sender {
    ClientTransaction send(ClientTransactionListener listener);
  }

  final ServerTransaction server;
  // The request as received, for responses of our own. Released when the context is done (see
  // release): an answered INVITE's client transaction keeps its branch, and so this context, for
  // 64*T1 more, and the parsed request would live as long.
  private SipRequest request;
  private final boolean invite;
  private final Scheduler scheduler;
  private final Duration timerC;
  private final Duration cancelWait;
  private final Consumer<ResponseContext> onDone;
  private final List<HeaderField> challenges = new ArrayList<>();
  private final List<Branch> branches = new ArrayList<>();
  private boolean finalSent;
  private boolean cancelled;
  private boolean done;
  private SipResponse best;
  private boolean bestReal;

  ResponseContext(
      ServerTransaction server,
      SipRequest request,
      Scheduler scheduler,
      Duration timerC,
      Duration cancelWait,
      Consumer<ResponseContext> onDone) {
    this.server = server;
    this.request = request;
    this.invite = request.isMethod(Methods.INVITE);
    this.scheduler = scheduler;
    this.timerC = timerC;
    this.cancelWait = cancelWait;
    this.onDone = onDone;
  }

  /** One forwarded copy of the request (§16.6) and its client transaction. */
  final class Branch implements ClientTransactionListener {
    final String id;
    private Sender sender; // released when the context is done: it holds the forwarded copy
    private ClientTransaction tx;
    private boolean provisional;
    private boolean cancelling;
    private Scheduler.Handle giveUp;
    private boolean finished;
    private Scheduler.Handle timer;

    private final java.util.function.UnaryOperator<SipResponse> on2xx;

    Branch(String id, java.util.function.UnaryOperator<SipResponse> on2xx, Sender sender) {
      this.id = id;
      this.on2xx = on2xx;
      this.sender = sender;
    }

    @Override
    public void onResponse(ClientTransaction t, SipResponse response) {
      ResponseContext.this.onResponse(this, t, response);
    }

    @Override
    public void onTimeout(ClientTransaction t) {
      failed(this, t, 408, false);
    }

    @Override
    public void onTransportError(ClientTransaction t, Throwable cause) {
      log.debug("branch {} failed: {}", id, cause.toString());
      failed(this, t, 503, true);
    }
  }

  /** Adds a branch; call before {@link #start}. */
  synchronized Branch addBranch(
      String id, java.util.function.UnaryOperator<SipResponse> on2xx, Sender sender) {
    Branch b = new Branch(id, on2xx, sender);
    branches.add(b);
    return b;
  }

  boolean isInvite() {
    return invite;
  }

  synchronized List<String> branchIds() {
    return branches.stream().map(b -> b.id).toList();
  }

  /** Sends every branch (§16.6 step 10: parallel forking), then checks whether all failed. */
  void start() {
    List<Branch> all;
    synchronized (this) {
      all = List.copyOf(branches);
    }
    for (Branch b : all) {
      Sender sender;
      synchronized (this) {
        if (invite) {
          b.timer = scheduler.schedule(timerC, () -> timerC(b));
        }
        sender = b.sender;
      }
      if (sender == null) {
        continue; // done already: the context was cancelled and answered while sending
      }
      try {
        ClientTransaction tx = sender.send(b);
        synchronized (this) {
          if (b.tx == null) {
            b.tx = tx;
          }
          if (cancelled && !b.finished) {
            cancel(b);
          }
        }
      } catch (RuntimeException e) {
        // No transaction could be made (table full, bad target): as a transport failure (§16.9).
        log.debug("branch {} could not be sent: {}", b.id, e.toString());
        failed(b, null, 503, true);
      }
    }
    complete();
  }

  private void onResponse(Branch b, ClientTransaction tx, SipResponse received) {
    int code = received.statusCode();
    // §16.7 step 3: our Via comes off before anything else looks at the response.
    SipResponse response = upstreamOf(received, code);
    if (response == null) {
      return;
    }
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      if (b.tx == null) {
        b.tx = tx;
      }
      if (code < 200) {
        b.provisional = true;
        if (invite && !b.finished && code > 100 && !b.cancelling) {
          // §16.7 step 2: a provisional response other than 100 resets Timer C.
          stopTimer(b);
          b.timer = scheduler.schedule(timerC, () -> timerC(b));
        }
        if (invite && !b.finished && (cancelled || finalSent) && !b.cancelling) {
          // The branch was still being located (or its CANCEL held) when the request was
          // cancelled or answered: now it can be cancelled (§9.1, §16.10).
          actions.add(() -> cancel(b));
        }
        if (code > 100 && !finalSent) {
          actions.add(() -> forward(response)); // §16.7 step 5; 100 is hop-by-hop
        }
      } else if (code < 300) {
        finish(b);
        boolean first = !finalSent;
        finalSent = true;
        if (first || invite) {
          SipResponse upstream = invite ? b.on2xx.apply(response) : response;
          actions.add(() -> forward(upstream)); // §16.7 step 5: every 2xx of an INVITE
        }
        if (first && invite) {
          actions.addAll(cancelPending()); // §16.7 step 10
        }
      } else {
        if (b.finished) {
          return;
        }
        finish(b);
        consider(response, true);
        if (code == 401 || code == 407) {
          // §16.7 step 7: every challenge goes into the response chosen upstream.
          challenges.addAll(response.headers().all(HeaderName.WWW_AUTHENTICATE));
          challenges.addAll(response.headers().all(HeaderName.PROXY_AUTHENTICATE));
        }
        if (code >= 600 && invite && !finalSent) {
          actions.addAll(cancelPending()); // §16.7 step 10: a 6xx ends the search
        }
      }
    }
    actions.forEach(Runnable::run);
    complete();
  }

  private void failed(Branch b, ClientTransaction tx, int code, boolean transport) {
    ClientTransaction stop;
    synchronized (this) {
      if (b.tx == null) {
        b.tx = tx;
      }
      if (b.finished) {
        return;
      }
      stop = b.tx;
      finish(b);
      consider(synthetic(code), false);
    }
    if (stop != null && stop != tx) {
      stop.terminate(); // given up on (Timer C, the wait after CANCEL): nothing more is wanted
    }
    complete();
  }

  /** §16.8: Timer C fired on a branch. */
  private void timerC(Branch b) {
    ClientTransaction tx;
    boolean ringing;
    synchronized (this) {
      if (b.finished) {
        return;
      }
      tx = b.tx;
      ringing = b.provisional;
    }
    if (ringing && tx instanceof InviteClientTransaction) {
      cancel(b); // the 487, or the bounded wait after the CANCEL, ends the branch
    } else {
      failed(b, null, 408, false); // §16.8: no provisional response, as if 408 had come
    }
  }

  /** §16.10: a CANCEL for the request arrived; the caller has answered it with 200. */
  void cancel() {
    List<Runnable> actions;
    SipResponse answer = null;
    synchronized (this) {
      cancelled = true;
      actions = cancelPending();
      if (!finalSent && branches.stream().allMatch(b -> b.finished)) {
        finalSent = true;
        answer = Responses.to(request, 487, null).build();
      }
    }
    actions.forEach(Runnable::run);
    if (answer != null) {
      server.respond(answer);
    }
  }

  /**
   * The CANCELs to send for every branch still waiting, including those without a transaction yet;
   * call under the monitor.
   */
  private List<Runnable> cancelPending() {
    List<Runnable> out = new ArrayList<>();
    for (Branch b : branches) {
      if (!b.finished && invite) {
        out.add(() -> cancel(b));
      }
    }
    return out;
  }

  /**
   * Cancels one branch (§9.1: held by the transaction until a provisional response, or until one
   * arrives here for a branch still being located) and bounds the wait for its final response.
   */
  private void cancel(Branch b) {
    ClientTransaction tx;
    synchronized (this) {
      if (b.finished) {
        return;
      }
      tx = b.tx;
      if (tx != null) {
        b.cancelling = true;
        stopTimer(b);
      }
      if (b.giveUp == null) {
        int code = cancelled ? 487 : 408;
        b.giveUp = scheduler.schedule(cancelWait, () -> failed(b, null, code, false));
      }
    }
    if (tx instanceof InviteClientTransaction ict) {
      ict.cancel(NO_OP);
    }
  }

  private void finish(Branch b) {
    b.finished = true;
    stopTimer(b);
    stopGiveUp(b);
  }

  private static void stopTimer(Branch b) {
    if (b.timer != null) {
      b.timer.cancel();
      b.timer = null;
    }
  }

  private static void stopGiveUp(Branch b) {
    if (b.giveUp != null) {
      b.giveUp.cancel();
      b.giveUp = null;
    }
  }

  /** §16.7 step 6: keeps the best final response so far; call under the monitor. */
  private void consider(SipResponse response, boolean real) {
    if (best == null || better(response.statusCode(), best.statusCode())) {
      best = response;
      bestReal = real;
    }
  }

  private static boolean better(int a, int b) {
    if (a / 100 == 6 || b / 100 == 6) {
      return a / 100 == 6 && b / 100 != 6;
    }
    if (a / 100 == 4 && b / 100 == 4) {
      // §16.7 step 6: within 4xx, the responses the UAC can act on (credentials, a body type, an
      // extension, a complete address) are preferred.
      return preferred4xx(a) && !preferred4xx(b);
    }
    return a / 100 < b / 100;
  }

  private static boolean preferred4xx(int code) {
    return code == 401 || code == 407 || code == 415 || code == 420 || code == 484;
  }

  /** When no branch is pending, sends the best response if nothing final went up yet. */
  private void complete() {
    SipResponse answer = null;
    synchronized (this) {
      if (done || branches.stream().anyMatch(b -> !b.finished)) {
        return;
      }
      done = true;
      if (!finalSent) {
        finalSent = true;
        answer = choose();
      }
      release();
    }
    if (answer != null) {
      forward(answer);
    }
    onDone.accept(this);
  }

  /**
   * Drops what only the search for a final response needed. What stays is what a late 2xx of an
   * INVITE needs on its way upstream (§16.7 step 5): the server transaction and each branch's
   * Record-Route re-signing. Call under the monitor.
   */
  private void release() {
    request = null;
    best = null;
    challenges.clear();
    for (Branch b : branches) {
      b.sender = null;
    }
  }

  /** The response for upstream once every branch is done; null for none (RFC 4320). */
  private SipResponse choose() {
    if (best == null) {
      return Responses.to(request, 480, "Temporarily Unavailable (no reachable contact)").build();
    }
    if (best.statusCode() == 503) {
      // §16.9: a transport failure toward a branch counts as a 503 from it; §16.7 step 6: a 503
      // (received or so counted) must not make upstream think we are overloaded: 500 instead.
      return bestReal
          ? best.edit().status(500, "Server Internal Error").build()
          : Responses.to(request, 500, "Server Internal Error (next hop unreachable)").build();
    }
    if (!bestReal) {
      if (cancelled) {
        return Responses.to(request, 487, null).build();
      }
      if (!invite && best.statusCode() == 408) {
        return null; // RFC 4320 §4.1: a non-INVITE is never answered with 408
      }
      return best;
    }
    if (best.statusCode() == 401 || best.statusCode() == 407) {
      // §16.7 step 7: the challenges of every 401 and 407 (the chosen one's among them).
      SipResponse.Editor e =
          best.edit().remove(HeaderName.WWW_AUTHENTICATE).remove(HeaderName.PROXY_AUTHENTICATE);
      challenges.forEach(e::add);
      return e.build();
    }
    return best;
  }

  /** Sends a response upstream: a downstream one, its Via already popped, or our own. */
  private void forward(SipResponse response) {
    server.respond(response);
  }

  /**
   * The response with our Via removed. When the downstream UA did not copy every Via (§8.2.6.2 says
   * it must), what is left cannot be forwarded; its status still counts, in a response of our own
   * built on the request.
   */
  private SipResponse upstreamOf(SipResponse received, int code) {
    SipResponse popped = received.edit().popVia().build();
    if (popped.headers().contains(HeaderName.VIA)) {
      return popped;
    }
    SipResponse own = synthetic(code);
    if (own == null) {
      log.debug("a late {} without the upstream Via dropped", code);
      return null;
    }
    log.debug("a {} without the upstream Via; answering from the request", code);
    return own.edit().set(HeaderName.TO, received.headers().firstValue(HeaderName.TO)).build();
  }

  /**
   * A response of our own for a branch that failed, built on the request as we received it; null
   * once the context is done and the request released.
   */
  private synchronized SipResponse synthetic(int code) {
    return request == null ? null : Responses.to(request, code, null).build();
  }

  private static final ClientTransactionListener NO_OP =
      new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {}

        @Override
        public void onTimeout(ClientTransaction transaction) {}

        @Override
        public void onTransportError(ClientTransaction transaction, Throwable cause) {}
      };
}
