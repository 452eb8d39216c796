package io.sipher.ua;

import io.sipher.message.SipResponse;
import io.sipher.message.header.Contact;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Methods;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.uri.SipUri;
import io.sipher.stack.time.Scheduler;
import io.sipher.stack.transport.Flow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registration of the UA's AoR (RFC 3261 §10.2) and its upkeep.
 *
 * <ul>
 *   <li>Over TLS or TCP it is an RFC 5626 outbound registration: the Contact carries the instance
 *       ({@code +sip.instance}) and its {@code reg-id}, and its URI {@code ob}, so the registrar
 *       sends calls back over the connection this registration opened (§4.2.1). CRLF keep-alives
 *       run on it (§4.4.1), at the registrar's Flow-Timer when it gives one; a pong that does not
 *       come within 10 s, or the connection closing, fails the flow, and the UA registers again
 *       over a new one, with the back-off of §4.5 after repeated failures.
 *   <li>It is refreshed before the granted lifetime ends (§10.2.4), in the same Call-ID with a
 *       higher CSeq (§10.2.4). A 423 is answered once with the registrar's Min-Expires (§10.2.8).
 * </ul>
 *
 * <p>All methods run on the UA's event thread.
 */
public final class Registration {
  private static final Logger log = LoggerFactory.getLogger(Registration.class);
  private static final Duration PONG_WAIT = Duration.ofSeconds(10); // RFC 5626 §4.4.1
  private static final Duration BACKOFF_BASE = Duration.ofSeconds(30); // §4.5, no flow left
  private static final Duration BACKOFF_MAX = Duration.ofSeconds(1800); // §4.5

  /** Where the registration stands. */
  public enum State {
    /** Sending REGISTER: the first time, or again after a flow failed. */
    REGISTERING,
    /** The registrar accepted the binding. */
    REGISTERED,
    /** The registrar refused it (the response says why); no more attempts. */
    FAILED,
    /** Removed by {@link #unregister}, or the UA closed. */
    UNREGISTERED
  }

  private final UserAgent ua;
  private final int regId;
  private final String callId = UserAgent.newCallId();
  private final String fromTag = UserAgent.newTag();
  private final CompletableFuture<Registration> first = new CompletableFuture<>();
  private final List<Consumer<Registration>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private long cseq = 1;
  private long askedSeconds;
  private volatile State state = State.REGISTERING;
  private volatile Flow flow;
  private volatile Duration granted = Duration.ZERO;
  private volatile SipResponse lastResponse;
  private boolean outbound;
  private int consecutiveFailures;
  private int generation; // of the REGISTER whose answer counts
  private int keepAliveRound; // of the keep-alive chain that runs
  private volatile long pongs;
  private Scheduler.Handle refreshTimer;
  private Scheduler.Handle keepAliveTimer;
  private String contact;

  Registration(UserAgent ua, int regId) {
    this.ua = ua;
    this.regId = regId;
    this.askedSeconds = ua.config().registerExpires().toSeconds();
  }

  public State state() {
    return state;
  }

  /** The RFC 5626 reg-id of this registration's flow: 1 for the first. */
  public int regId() {
    return regId;
  }

  /** The lifetime the registrar granted at the last 2xx. */
  public Duration expires() {
    return granted;
  }

  /** The flow this registration holds (RFC 5626), or null while there is none. */
  public Flow flow() {
    return flow;
  }

  /** The last final response to a REGISTER, or null before the first. */
  public SipResponse lastResponse() {
    return lastResponse;
  }

  /** Whether the registrar took it as an outbound registration (RFC 5626 §6: Require: outbound). */
  public boolean outbound() {
    return outbound;
  }

  /** How many keep-alive pings the registrar has answered on this registration's flows. */
  public long keepAlivesAnswered() {
    return pongs;
  }

  /** Called on the event thread after every change of state or lifetime. */
  public void onChange(Consumer<Registration> listener) {
    listeners.add(listener);
  }

  CompletionStage<Registration> start() {
    ua.onEvents(this::connectAndRegister);
    return first.minimalCompletionStage();
  }

  /** Removes this binding (Expires 0) and stops the upkeep. */
  public CompletableFuture<Void> unregister() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ua.onEvents(
        () -> {
          State before = state;
          stopTimers();
          state = State.UNREGISTERED;
          generation++; // answers to earlier REGISTERs no longer count
          Flow f = flow;
          if (before != State.REGISTERED || f == null || !f.isOpen()) {
            done.complete(null);
            return;
          }
          RequestSpec spec = spec(0);
          ua.send(spec)
              .whenComplete(
                  (r, e) ->
                      ua.onEvents(
                          () -> {
                            sent(spec);
                            if (r != null) {
                              lastResponse = r;
                            }
                            done.complete(null);
                          }));
        });
    return done;
  }

  private void connectAndRegister() {
    if (state == State.UNREGISTERED || ua.isClosed()) {
      return;
    }
    var transport = ua.sipStack().transport();
    // reg-id 1 shares the connection other requests use; each further one has its own (§4.2).
    (regId == 1 ? transport.connect(ua.config().server()) : transport.openNew(ua.config().server()))
        .whenComplete(
            (f, error) ->
                ua.onEvents(
                    () -> {
                      if (error != null) {
                        String why = "cannot reach " + ua.config().server() + ": " + error;
                        if (first.isDone()) {
                          retryLater(why); // registered before: keep trying (RFC 5626 §4.5)
                        } else {
                          failed(why, null);
                        }
                        return;
                      }
                      flow = f;
                      outbound = false;
                      f.closed().whenComplete((c, e) -> ua.onEvents(() -> flowFailed(f)));
                      send(askedSeconds);
                    }));
  }

  private void send(long expiresSeconds) {
    if (state == State.UNREGISTERED || state == State.FAILED || flow == null) {
      return; // a timer that fired as the registration stopped or lost its flow
    }
    RequestSpec spec = spec(expiresSeconds);
    int round = ++generation;
    ua.send(spec)
        .whenComplete(
            (r, e) ->
                ua.onEvents(
                    () -> {
                      sent(spec);
                      if (round == generation) { // else a newer REGISTER has taken over
                        answered(r, e, expiresSeconds);
                      }
                    }));
  }

  /** §10.2.4: the next REGISTER in this Call-ID goes above every CSeq used, challenges included. */
  private void sent(RequestSpec spec) {
    cseq = Math.max(cseq, spec.cseq() + 1);
  }

  private RequestSpec spec(long expiresSeconds) {
    Flow f = flow;
    // RFC 5630 §3.1.3: a sips: Contact takes only sips: requests; a sip: one (over TLS all the
    // same) lets phones that cannot use sips: URIs call us, and then sips: calls cannot.
    SipUri contactUri = ua.contactUri(f, ua.secure() && !ua.config().sipContact());
    boolean reliable = f.transport().reliable();
    StringBuilder c = new StringBuilder();
    if (reliable) {
      // RFC 5626 §4.2.1: instance and reg-id name this flow; "ob" asks for requests over it.
      c.append('<').append(contactUri.withParameter("ob", null)).append('>');
      c.append(";+sip.instance=\"<").append(ua.config().instanceId()).append(">\";reg-id=");
      c.append(regId);
    } else {
      c.append('<').append(contactUri).append('>');
    }
    contact = c.toString();
    SipUri registrar = SipUri.of(ua.secure(), null, ua.config().aor().hostPort());
    RequestSpec spec =
        new RequestSpec(
            Methods.REGISTER,
            registrar,
            List.of(),
            ua.self().withTag(fromTag),
            ua.self(),
            callId,
            cseq++); // taken now, so that REGISTERs that overlap never share a CSeq
    spec.header(HeaderName.CONTACT, contact);
    spec.header(HeaderName.EXPIRES, Long.toString(expiresSeconds));
    spec.header(HeaderName.SUPPORTED, reliable ? "outbound, path" : "path");
    spec.header(HeaderName.ALLOW, UserAgent.ALLOW);
    return spec;
  }

  private void answered(SipResponse r, Throwable error, long asked) {
    if (state == State.UNREGISTERED) {
      return;
    }
    if (error != null) {
      retryLater("REGISTER failed: " + error);
      return;
    }
    lastResponse = r;
    int code = r.statusCode();
    if (code == 423 && asked == askedSeconds) {
      // §10.2.8: ask again with at least the registrar's minimum.
      long min = r.first(SipHeaders.MIN_EXPIRES).orElse(0L);
      if (min > asked) {
        askedSeconds = min;
        send(min);
        return;
      }
    }
    if (code >= 500 || code == 408) {
      retryLater("REGISTER answered " + code + " " + r.reasonPhrase());
      return;
    }
    if (code >= 300) {
      failed("REGISTER refused", r);
      return;
    }
    long seconds = grantedSeconds(r, asked);
    if (seconds <= 0) {
      failed("REGISTER granted no time", r);
      return;
    }
    consecutiveFailures = 0;
    granted = Duration.ofSeconds(seconds);
    outbound =
        flow.transport().reliable()
            && r.all(SipHeaders.REQUIRE).stream().anyMatch("outbound"::equalsIgnoreCase);
    state = State.REGISTERED;
    scheduleRefresh();
    scheduleKeepAlive(r);
    first.complete(this);
    changed();
  }

  /** §10.2.4: the expires of our own binding in the 2xx, else its Expires, else what we asked. */
  private long grantedSeconds(SipResponse r, long asked) {
    for (Contact c : r.contacts()) {
      if (c.address() != null
          && ((ua.config().instanceId().equals(c.instance()) && c.regId() == regId)
              || contact.startsWith("<" + c.address().uri() + ">"))
          && c.expires() >= 0) {
        return c.expires();
      }
    }
    return r.first(SipHeaders.EXPIRES).orElse(asked);
  }

  private void scheduleRefresh() {
    cancel(refreshTimer);
    long seconds = granted.toSeconds();
    // Well before the end, so that a challenge and a retransmission or two still fit.
    long at = Math.max(1, Math.min(seconds * 4 / 5, seconds - 5));
    refreshTimer =
        ua.later(
            Duration.ofSeconds(at),
            () -> {
              if (state == State.REGISTERED) {
                send(askedSeconds);
              }
            });
  }

  /** RFC 5626 §4.4.1: at 80-100% of the Flow-Timer, else at 95-120 s. */
  private void scheduleKeepAlive(SipResponse r) {
    cancel(keepAliveTimer);
    if (!outbound) {
      return;
    }
    Duration interval = ua.config().keepAliveInterval();
    if (interval == null) {
      long flowTimer = r.first(SipHeaders.FLOW_TIMER).orElse(0L);
      long millis =
          flowTimer > 0
              ? (long) (flowTimer * 1000 * ThreadLocalRandom.current().nextDouble(0.8, 1.0))
              : ThreadLocalRandom.current().nextLong(95_000, 120_001);
      interval = Duration.ofMillis(millis);
    }
    Duration every = interval;
    int round = ++keepAliveRound; // a chain started earlier stops at its next step
    keepAliveTimer = ua.later(every, () -> ping(every, round));
  }

  private void ping(Duration every, int round) {
    Flow f = flow;
    if (state != State.REGISTERED || f == null || round != keepAliveRound) {
      return;
    }
    f.ping()
        .toCompletableFuture()
        .orTimeout(PONG_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (ok, e) ->
                ua.onEvents(
                    () -> {
                      if (e != null) {
                        log.info("keep-alive on {} failed ({}); closing the flow", f, e.toString());
                        f.close(); // flowFailed re-registers
                      } else if (f == flow && round == keepAliveRound) {
                        pongs++;
                        keepAliveTimer = ua.later(every, () -> ping(every, round));
                      }
                    }));
  }

  /** RFC 5626 §4.4.1, §4.5: the flow is gone; register again over a new one. */
  private void flowFailed(Flow f) {
    if (f != flow || state == State.UNREGISTERED || state == State.FAILED || ua.isClosed()) {
      return;
    }
    flow = null;
    stopTimers();
    boolean wasRegistered = state == State.REGISTERED;
    state = State.REGISTERING;
    changed();
    if (wasRegistered && consecutiveFailures == 0) {
      connectAndRegister(); // the first new flow at once
    } else {
      retryLater("flow " + f + " failed");
    }
  }

  /** §4.5: min(max, base * 2^failures), taken at random between 50% and 100%. */
  private void retryLater(String why) {
    consecutiveFailures++;
    if (!first.isDone() && consecutiveFailures >= 2) {
      first.completeExceptionally(new java.io.IOException(why));
    }
    double full =
        Math.min(
            BACKOFF_MAX.toMillis(),
            BACKOFF_BASE.toMillis() * Math.pow(2, Math.min(consecutiveFailures, 10)));
    long wait = (long) (full * ThreadLocalRandom.current().nextDouble(0.5, 1.0));
    log.info("{}; registering again in {} s", why, wait / 1000);
    state = State.REGISTERING;
    stopTimers();
    refreshTimer = ua.later(Duration.ofMillis(wait), this::connectAndRegister);
    changed();
  }

  private void failed(String why, SipResponse r) {
    state = State.FAILED;
    stopTimers();
    if (r != null) {
      first.completeExceptionally(new RequestFailedException(why, r));
    } else {
      first.completeExceptionally(new java.io.IOException(why));
    }
    changed();
  }

  private void changed() {
    for (Consumer<Registration> l : listeners) {
      try {
        l.accept(this);
      } catch (RuntimeException e) {
        log.warn("registration listener failed", e);
      }
    }
  }

  private void stopTimers() {
    keepAliveRound++;
    cancel(refreshTimer);
    cancel(keepAliveTimer);
    refreshTimer = keepAliveTimer = null;
  }

  private static void cancel(Scheduler.Handle h) {
    if (h != null) {
      h.cancel();
    }
  }

  @Override
  public String toString() {
    return "Registration[" + ua.config().aor() + ", " + state + ", expires " + granted + "]";
  }
}
