package io.sipher.cli.ua;

import io.sipher.ua.AudioMedia;
import io.sipher.ua.Call;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows one call to its end: hangs up when its time is up or its playback has ended, shows a live
 * status line on a terminal, and returns the one line of outcome a script reads.
 */
final class CallProgress {
  private final Call call;
  private final AudioMedia media;
  private final PrintWriter status;
  private final boolean live;

  CallProgress(Call call, AudioMedia media, PrintWriter status) {
    this.call = call;
    this.media = media;
    this.status = status;
    this.live = System.console() != null;
  }

  /**
   * Waits for the call to be answered and then to end; {@code limit} null means until the playback
   * ends (when there is one) or the other side hangs up.
   */
  String follow(Duration limit, boolean hangUpAfterPlayback) throws InterruptedException {
    CompletableFuture<Call> ended = call.ended().toCompletableFuture();
    CompletableFuture<Call> answered = call.established().toCompletableFuture();
    while (!answered.isDone()) {
      tick("ringing: " + call.state().name().toLowerCase(Locale.ROOT));
      sleepUntil(answered, 250);
    }
    if (answered.isCompletedExceptionally()) {
      clear();
      return "not answered: " + call.endCode() + " " + call.endReason();
    }
    long started = System.nanoTime();
    if (limit != null) {
      CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS)
          .execute(call::hangUp);
    } else if (hangUpAfterPlayback) {
      media.playbackFinished().thenRun(call::hangUp);
    }
    while (!ended.isDone()) {
      tick(line(started));
      sleepUntil(ended, 1000);
    }
    clear();
    return "answered, " + line(started) + "; ended: " + call.endReason();
  }

  private String line(long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    String security = media.srtpSuite().map(s -> "SRTP " + s).orElse("RTP (not encrypted)");
    String counters = media.stats().map(s -> s.statusLine()).orElse("no media yet");
    return String.format(Locale.ROOT, "%.1f s, %s, %s", seconds, security, counters);
  }

  private void tick(String text) {
    if (live) {
      status.print("\r\033[K" + text);
      status.flush();
    }
  }

  private void clear() {
    if (live) {
      status.print("\r\033[K");
      status.flush();
    }
  }

  private static void sleepUntil(CompletableFuture<?> f, long millis) throws InterruptedException {
    try {
      f.get(millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // done or not yet: the caller looks
    }
  }
}
