package io.sipher.cli.bench;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The live progress line: once a second on a terminal (rewritten in place), every five seconds as a
 * plain line otherwise, never when quiet. It reports the last second's rate and latency, so a load
 * that drifts shows while it happens.
 */
final class Progress {
  private final PrintWriter out;
  private final boolean terminal;
  private final boolean quiet;
  private ScheduledExecutorService ticker;
  private volatile String phase = "";
  private long phaseStart;
  private LoadStats last;
  private long lastSucceeded;
  private long lastTick;
  private int ticks;

  Progress(PrintWriter out, boolean terminal, boolean quiet) {
    this.out = out;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  /** Starts ticking in {@code phase}, reading whichever stats are current. */
  synchronized void begin(String phase, Supplier<LoadStats> stats, IntSupplier inFlight) {
    phase(phase);
    if (quiet) {
      return;
    }
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-progress");
              t.setDaemon(true);
              return t;
            });
    lastTick = System.nanoTime();
    ticker.scheduleAtFixedRate(
        () -> tick(stats.get(), inFlight.getAsInt()), 1, 1, TimeUnit.SECONDS);
  }

  synchronized void phase(String name) {
    phase = name;
    phaseStart = System.nanoTime();
  }

  /** A one-off status (connecting, holding), shown on a terminal only. */
  synchronized void note(String text) {
    if (!quiet && terminal) {
      out.print("\r" + pad(text));
      out.flush();
    }
  }

  /** A line shown always, on its own line. */
  synchronized void say(String text) {
    out.println((terminal ? "\r" + pad("") + "\r" : "") + text);
    out.flush();
  }

  synchronized void end() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (!quiet && terminal) {
      out.print("\r" + pad("") + "\r");
      out.flush();
    }
  }

  private synchronized void tick(LoadStats stats, int inFlight) {
    long now = System.nanoTime();
    if (stats != last) {
      last = stats;
      lastSucceeded = 0;
    }
    long ok = stats.succeeded();
    long failed = stats.failed();
    double seconds = Math.max(1e-3, (now - lastTick) / 1e9);
    Histogram h = stats.drainInterval();
    String line =
        String.format(
            "%-9s %4ds  %,9.0f/s  ok %,d  failed %,d  p50 %s  p99 %s  in flight %d",
            phase,
            (now - phaseStart) / 1_000_000_000L,
            (ok - lastSucceeded) / seconds,
            ok,
            failed,
            LoadSummary.millis(h.getValueAtPercentile(50)),
            LoadSummary.millis(h.getValueAtPercentile(99)),
            inFlight);
    lastSucceeded = ok;
    lastTick = now;
    if (terminal) {
      out.print("\r" + pad(line));
      out.flush();
    } else if (++ticks % 5 == 0) {
      out.println(line);
      out.flush();
    }
  }

  private static String pad(String s) {
    return String.format("%-100s", s);
  }
}
