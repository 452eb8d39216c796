package io.sipher.stack.transport;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A warning that a peer can trigger at will (connection refused at the limit, table full) is logged
 * at most once a second, with the number of times it was suppressed since.
 */
final class RateLimitedLog {
  private static final long INTERVAL_NANOS = 1_000_000_000L;

  private final Logger log;
  private final AtomicLong last = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
  private final AtomicLong suppressed = new AtomicLong();

  RateLimitedLog(Logger log) {
    this.log = log;
  }

  void warn(String format, Object... args) {
    long now = System.nanoTime();
    long then = last.get();
    if (now - then < INTERVAL_NANOS || !last.compareAndSet(then, now)) {
      suppressed.incrementAndGet();
      return;
    }
    long skipped = suppressed.getAndSet(0);
    if (skipped > 0) {
      log.warn(format + " (and {} more like it in the last second)", append(args, skipped));
    } else {
      log.warn(format, args);
    }
  }

  private static Object[] append(Object[] args, Object extra) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = extra;
    return out;
  }
}
