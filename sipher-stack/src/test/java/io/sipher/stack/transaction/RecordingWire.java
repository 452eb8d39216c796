package io.sipher.stack.transaction;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A fake wire that records what is sent and when (in the scheduler's virtual time). */
final class RecordingWire implements Wire {
  /** One message sent, at a virtual time since the scheduler started. */
  record Sent(SipMessage message, Duration at) {
    long atMillis() {
      return at.toMillis();
    }
  }

  private final boolean reliable;
  private final Scheduler clock;
  private final List<Sent> sent = new ArrayList<>();
  private int succeedBeforeFailing = Integer.MAX_VALUE;

  RecordingWire(boolean reliable, Scheduler clock) {
    this.reliable = reliable;
    this.clock = clock;
  }

  /** Lets the next {@code n} sends succeed and fails every one after them. */
  synchronized RecordingWire failAfter(int n) {
    succeedBeforeFailing = n;
    return this;
  }

  @Override
  public boolean reliable() {
    return reliable;
  }

  @Override
  public synchronized CompletionStage<Void> send(SipMessage message) {
    sent.add(new Sent(message, Duration.ofNanos(clock.nanoTime())));
    if (succeedBeforeFailing-- <= 0) {
      return CompletableFuture.failedFuture(new IOException("connection refused"));
    }
    return CompletableFuture.completedFuture(null);
  }

  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  synchronized List<SipRequest> requests(String method) {
    List<SipRequest> out = new ArrayList<>();
    for (Sent s : sent) {
      if (s.message() instanceof SipRequest r && r.isMethod(method)) {
        out.add(r);
      }
    }
    return out;
  }

  synchronized List<SipResponse> responses() {
    List<SipResponse> out = new ArrayList<>();
    for (Sent s : sent) {
      if (s.message() instanceof SipResponse r) {
        out.add(r);
      }
    }
    return out;
  }

  /** The virtual times, in ms, at which messages were sent. */
  synchronized List<Long> sendTimesMillis() {
    List<Long> out = new ArrayList<>();
    for (Sent s : sent) {
      out.add(s.atMillis());
    }
    return out;
  }

  synchronized SipMessage last() {
    return sent.get(sent.size() - 1).message();
  }

  synchronized int count() {
    return sent.size();
  }

  synchronized void clear() {
    sent.clear();
  }
}
