package io.sipher.ua;

import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.Methods;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.uri.Uri;
import io.sipher.stack.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Event state published to an event state compositor (RFC 3903): the initial PUBLISH with its body,
 * refreshes before the granted time ends that carry only the entity-tag (§4.3, SIP-If-Match and no
 * body), modification with a new body (§4.4), and removal (§4.5, Expires: 0). A refresh refused
 * with 412 (the compositor lost our entity-tag) publishes the state again from scratch.
 *
 * <p>All work happens on the UA's event thread.
 */
public final class Publication {

  /** Where the publication stands. */
  public enum State {
    PUBLISHING,
    PUBLISHED,
    REMOVED,
    FAILED
  }

  private final UserAgent ua;
  private final Uri target;
  private final String event;
  private final long askedSeconds;
  private final CompletableFuture<Publication> published = new CompletableFuture<>();
  private MediaType type;
  private byte[] body;
  private volatile String etag;
  private volatile State state = State.PUBLISHING;
  private volatile SipResponse lastResponse;
  private Scheduler.Handle refreshTimer;
  // One Call-ID and From tag for all of this publication's requests, CSeq counting up, as for
  // REGISTER: compositors (and traces) see one conversation.
  private final RequestSpec first;
  private long cseq;

  Publication(
      UserAgent ua, Uri target, String event, MediaType type, byte[] body, Duration expires) {
    this.ua = ua;
    this.target = target;
    this.event = event;
    this.type = type;
    this.body = body.clone();
    this.askedSeconds = expires.toSeconds();
    this.first = ua.outOfDialog(Methods.PUBLISH, target);
    this.cseq = first.cseq();
  }

  public State state() {
    return state;
  }

  /** The entity-tag the compositor gave our state (SIP-ETag, §4.1), or null before. */
  public String entityTag() {
    return etag;
  }

  /** The last final response to a PUBLISH, or null before the first. */
  public SipResponse lastResponse() {
    return lastResponse;
  }

  /** Completes at the first 2xx; fails with {@link RequestFailedException} when refused. */
  public CompletionStage<Publication> published() {
    return published.minimalCompletionStage();
  }

  /** Replaces the published state (§4.4). */
  public CompletionStage<SipResponse> modify(MediaType newType, byte[] newBody) {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    ua.onEvents(
        () -> {
          type = newType;
          body = newBody.clone();
          send(true, askedSeconds, done);
        });
    return done;
  }

  /** Removes the published state (§4.5) and stops refreshing. */
  public CompletionStage<SipResponse> remove() {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    ua.onEvents(
        () -> {
          cancelRefresh();
          if (etag == null) {
            state = State.REMOVED;
            done.complete(null);
            return;
          }
          send(false, 0, done);
          state = State.REMOVED;
        });
    return done;
  }

  void start() {
    send(true, askedSeconds, null);
  }

  /** One PUBLISH: with the body or without (a refresh), conditional once we have an entity-tag. */
  private void send(boolean withBody, long expires, CompletableFuture<SipResponse> done) {
    RequestSpec spec =
        new RequestSpec(
            Methods.PUBLISH,
            target,
            java.util.List.of(),
            first.from(),
            first.to(),
            first.callId(),
            cseq++);
    spec.header(HeaderName.EVENT, event);
    spec.header(HeaderName.EXPIRES, Long.toString(expires));
    if (etag != null) {
      spec.header(HeaderName.SIP_IF_MATCH, etag);
    }
    if (withBody) {
      spec.body(type, body);
    }
    ua.send(spec)
        .whenComplete(
            (r, e) ->
                ua.onEvents(
                    () -> {
                      cseq = Math.max(cseq, spec.cseq() + 1); // challenges used some
                      answered(r, e, expires, done);
                    }));
  }

  private void answered(
      SipResponse r, Throwable error, long expires, CompletableFuture<SipResponse> done) {
    if (error != null) {
      fail(error);
      if (done != null) {
        done.completeExceptionally(error);
      }
      return;
    }
    lastResponse = r;
    if (done != null) {
      done.complete(r);
    }
    if (expires == 0) {
      return; // the removal's answer
    }
    int code = r.statusCode();
    if (code == 412 && etag != null) {
      etag = null; // §4.3: the compositor forgot us; publish the whole state again
      send(true, askedSeconds, null);
      return;
    }
    if (code == 423) {
      // §4.1 (as for REGISTER): ask again with at least the minimum.
      long min = r.first(SipHeaders.MIN_EXPIRES).orElse(0L);
      if (min > expires) {
        send(true, min, null);
        return;
      }
    }
    if (code >= 300) {
      fail(new RequestFailedException("PUBLISH refused", r));
      return;
    }
    etag = r.first(SipHeaders.SIP_ETAG).orElse(etag);
    if (state != State.REMOVED) {
      state = State.PUBLISHED;
    }
    published.complete(this);
    long granted = r.first(SipHeaders.EXPIRES).orElse(expires);
    scheduleRefresh(granted);
  }

  private void scheduleRefresh(long grantedSeconds) {
    cancelRefresh();
    if (grantedSeconds <= 0 || state == State.REMOVED) {
      return;
    }
    long at = Math.max(1, Math.min(grantedSeconds * 4 / 5, grantedSeconds - 5));
    refreshTimer =
        ua.later(
            Duration.ofSeconds(at),
            () -> {
              if (state == State.PUBLISHED) {
                send(false, askedSeconds, null); // §4.3: refresh with the entity-tag only
              }
            });
  }

  private void cancelRefresh() {
    if (refreshTimer != null) {
      refreshTimer.cancel();
      refreshTimer = null;
    }
  }

  private void fail(Throwable why) {
    state = State.FAILED;
    cancelRefresh();
    published.completeExceptionally(why);
  }

  @Override
  public String toString() {
    return "Publication[" + event + " at " + target + ", " + state + ", etag " + etag + "]";
  }
}
