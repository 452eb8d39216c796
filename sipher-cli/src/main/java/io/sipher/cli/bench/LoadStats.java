package io.sipher.cli.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one phase of a load run (warm-up or measurement) achieved: successes with their latency,
 * failures by reason. Safe to record into from any thread.
 */
final class LoadStats {
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  // Microseconds, up to a minute, three significant digits.
  private final Recorder latency = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
  private final Histogram total = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
  private Histogram interval;

  void success(long startedNanos) {
    long micros = Math.max(1, (System.nanoTime() - startedNanos) / 1000);
    latency.recordValue(Math.min(micros, TimeUnit.MINUTES.toMicros(1)));
    succeeded.increment();
  }

  /** A failed attempt; {@code reason} is a status code, "timeout" or "transport". */
  void failure(String reason) {
    failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    failed.increment();
  }

  long succeeded() {
    return succeeded.sum();
  }

  long failed() {
    return failed.sum();
  }

  /** Failures by reason, in a stable order. */
  Map<String, Long> failuresByReason() {
    Map<String, Long> out = new TreeMap<>();
    failures.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /**
   * Moves the latencies recorded since the last call into the total, and returns the interval's own
   * histogram (for a live line). Called from one thread only.
   */
  synchronized Histogram drainInterval() {
    interval = latency.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  /** All latencies recorded so far (drains first). */
  synchronized Histogram latencies() {
    drainInterval();
    return total.copy();
  }
}
