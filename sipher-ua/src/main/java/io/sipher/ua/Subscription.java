package io.sipher.ua;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Methods;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.header.SubscriptionState;
import io.sipher.message.uri.Uri;
import io.sipher.stack.time.Scheduler;
import io.sipher.stack.transaction.ServerTransaction;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription to an event package at a notifier (RFC 6665 §4.1): the SUBSCRIBE, the dialog it
 * makes (with the 2xx or with the first NOTIFY, whichever comes first, §4.1.2.4), every NOTIFY
 * handed to the listener and answered 200, a refresh before the granted time runs out (§4.1.2.2),
 * and the end: {@link #unsubscribe} (Expires: 0, §4.1.2.3), a NOTIFY saying terminated, or a
 * refresh refused.
 *
 * <p>All work happens on the UA's event thread.
 */
public final class Subscription {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);

  /** Where the subscription stands (RFC 6665 §4.1.3, from the subscriber's view). */
  public enum State {
    /** SUBSCRIBE sent, no answer yet. */
    SUBSCRIBING,
    /** Accepted; the notifier has not authorised it yet (Subscription-State: pending). */
    PENDING,
    /** Active: notifications come as the state changes. */
    ACTIVE,
    /** Over: unsubscribed, refused, expired or terminated by the notifier. */
    TERMINATED
  }

  /**
   * One NOTIFY as the subscriber sees it.
   *
   * @param state the Subscription-State value: active, pending or terminated
   * @param expiresSeconds its expires parameter, or -1
   * @param reason its reason parameter (for terminated), or null
   * @param contentType the body's type, or null without a body
   * @param body the event state; empty when there is none
   */
  public record Notification(
      String state, long expiresSeconds, String reason, String contentType, byte[] body) {
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private final UserAgent ua;
  private final Uri target;
  private final String event;
  private final long askedSeconds;
  private final Consumer<Notification> listener;
  private final CompletableFuture<Subscription> accepted = new CompletableFuture<>();
  private final CompletableFuture<Subscription> ended = new CompletableFuture<>();
  private final RequestSpec initial;
  private Dialog dialog;
  private volatile State state = State.SUBSCRIBING;
  private volatile String endReason;
  private Scheduler.Handle refreshTimer;

  Subscription(
      UserAgent ua, Uri target, String event, Duration expires, Consumer<Notification> listener) {
    this.ua = ua;
    this.target = target;
    this.event = event;
    this.askedSeconds = expires.toSeconds();
    this.listener = listener;
    this.initial = ua.outOfDialog(Methods.SUBSCRIBE, target);
  }

  public State state() {
    return state;
  }

  public String event() {
    return event;
  }

  /** Completes when the notifier accepts (2xx or a first NOTIFY); fails if it refuses. */
  public CompletionStage<Subscription> accepted() {
    return accepted.minimalCompletionStage();
  }

  /** Completes when the subscription is over, however. */
  public CompletionStage<Subscription> ended() {
    return ended.minimalCompletionStage();
  }

  /** Why it ended, or null while it lasts. */
  public String endReason() {
    return endReason;
  }

  /** Ends the subscription: SUBSCRIBE with Expires: 0 in its dialog (RFC 6665 §4.1.2.3). */
  public void unsubscribe() {
    ua.onEvents(
        () -> {
          if (state == State.TERMINATED) {
            return;
          }
          if (dialog != null) {
            RequestSpec spec = dialog.request(Methods.SUBSCRIBE);
            headers(spec, 0);
            ua.send(spec); // the final NOTIFY (terminated) may still come; it is answered 481
          }
          end("unsubscribed");
        });
  }

  /** The key the UA finds this subscription by: its Call-ID and our tag. */
  String key() {
    return Call.key(initial.callId(), initial.from().tag());
  }

  void start() {
    ua.flow()
        .whenComplete(
            (flow, error) ->
                ua.onEvents(
                    () -> {
                      if (error != null) {
                        fail("cannot reach the server: " + error.getMessage());
                        return;
                      }
                      headers(initial, askedSeconds);
                      initial.header(
                          HeaderName.CONTACT, "<" + ua.dialogContact(flow, secure()) + ">");
                      send(initial);
                    }));
  }

  private boolean secure() {
    return target instanceof io.sipher.message.uri.SipUri u && u.isSecure();
  }

  private void headers(RequestSpec spec, long expires) {
    spec.replaceHeader(HeaderName.EVENT, event);
    spec.replaceHeader(HeaderName.EXPIRES, Long.toString(expires));
    spec.replaceHeader(HeaderName.ALLOW, UserAgent.ALLOW);
  }

  /** Sends a SUBSCRIBE (answering a digest challenge on the way, §22) and reads its answer. */
  private void send(RequestSpec spec) {
    ua.send(spec)
        .whenComplete((response, error) -> ua.onEvents(() -> answered(spec, response, error)));
  }

  private void answered(RequestSpec spec, SipResponse r, Throwable error) {
    if (state == State.TERMINATED) {
      return;
    }
    if (error != null) {
      fail("SUBSCRIBE failed: " + error.getMessage());
      return;
    }
    int code = r.statusCode();
    if (code >= 300) {
      // §4.1.2.2: a refused refresh ends the subscription as well.
      if (!accepted.isDone()) {
        accepted.completeExceptionally(new RequestFailedException("SUBSCRIBE refused", r));
      }
      end(code + " " + r.reasonPhrase());
      return;
    }
    if (dialog == null) {
      dialog = Dialog.asUac(spec.lastRendered(), r);
    }
    dialog.localSequence(spec.cseq()); // a challenge may have used a higher CSeq
    if (state == State.SUBSCRIBING) {
      state = State.PENDING; // until a NOTIFY says active (§4.1.2.1)
    }
    accepted.complete(this);
    long granted = r.first(SipHeaders.EXPIRES).orElse(askedSeconds);
    scheduleRefresh(granted);
  }

  /** A NOTIFY in this subscription's dialog (RFC 6665 §4.1.3). */
  void notifyReceived(ServerTransaction tx, SipRequest notify) {
    if (state == State.TERMINATED) {
      // §4.1.2.3: after an unsubscribe the notifier still sends a final NOTIFY (terminated);
      // anything else is for a subscription that no longer exists (§4.1.3).
      boolean last =
          notify
              .first(SipHeaders.SUBSCRIPTION_STATE)
              .map(SubscriptionState::isTerminated)
              .orElse(false);
      tx.respond(ua.reply(notify, last ? 200 : 481).build());
      return;
    }
    if (dialog == null) {
      // §4.1.2.4: the NOTIFY came before the 2xx; it makes the dialog.
      dialog =
          Dialog.asUas(
              notify, initial.from().tag(), "TLS".equals(notify.topVia().transportUpper()));
      dialog.localSequence(initial.cseq());
    } else if (!dialog.acceptRemoteSequence(notify.cseq().sequence())) {
      tx.respond(ua.reply(notify, 500).build()); // §12.2.2
      return;
    }
    SubscriptionState s = notify.first(SipHeaders.SUBSCRIPTION_STATE).orElse(null);
    if (s == null) {
      tx.respond(ua.reply(notify, 400).build()); // §8.2.1: Subscription-State is required
      return;
    }
    tx.respond(ua.reply(notify, 200).build());
    dialog.refreshTarget(notify);
    Notification n =
        new Notification(
            s.state(),
            s.expires(),
            s.reason(),
            notify.contentType().map(Object::toString).orElse(null),
            notify.body());
    if (s.isTerminated()) {
      deliver(n);
      end("terminated by the notifier" + (s.reason() != null ? " (" + s.reason() + ")" : ""));
      return;
    }
    state = "active".equalsIgnoreCase(s.state()) ? State.ACTIVE : State.PENDING;
    accepted.complete(this);
    if (s.expires() >= 0 && refreshTimer == null) {
      scheduleRefresh(s.expires());
    }
    deliver(n);
  }

  private void deliver(Notification n) {
    try {
      listener.accept(n);
    } catch (RuntimeException e) {
      log.warn("notification listener failed", e);
    }
  }

  /** §4.1.2.2: refresh before the granted time runs out, in the dialog. */
  private void scheduleRefresh(long grantedSeconds) {
    if (refreshTimer != null) {
      refreshTimer.cancel();
    }
    if (grantedSeconds <= 0) {
      return;
    }
    long at = Math.max(1, Math.min(grantedSeconds * 4 / 5, grantedSeconds - 5));
    refreshTimer =
        ua.later(
            Duration.ofSeconds(at),
            () -> {
              refreshTimer = null;
              if (state == State.TERMINATED || dialog == null) {
                return;
              }
              RequestSpec spec = dialog.request(Methods.SUBSCRIBE);
              headers(spec, askedSeconds);
              send(spec);
            });
  }

  private void fail(String why) {
    if (!accepted.isDone()) {
      accepted.completeExceptionally(new java.io.IOException(why));
    }
    end(why);
  }

  private void end(String why) {
    if (state == State.TERMINATED) {
      return;
    }
    state = State.TERMINATED;
    endReason = why;
    if (refreshTimer != null) {
      refreshTimer.cancel();
    }
    accepted.completeExceptionally(new java.io.IOException("subscription ended: " + why));
    ended.complete(this);
    // Still found for a while, so that a final NOTIFY gets its 200 rather than a 481.
    ua.later(Duration.ofSeconds(32), () -> ua.subscriptionEnded(this));
  }

  @Override
  public String toString() {
    return "Subscription[" + event + " at " + target + ", " + state + "]";
  }
}
