package io.sipher.stack.time;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Scheduler}: one Netty {@link HashedWheelTimer} thread serves every timer.
 * Scheduling and cancelling are O(1) and a pending timer is one small object in a wheel bucket, so
 * 100,000 live transactions with two or three timers each cost memory only.
 *
 * <p>The tick is 10 ms by default. A hashed wheel fires a task on the first tick at or after its
 * due time, so the tick is the timer's worst-case lateness. SIP's shortest timer is T1 (500 ms, RFC
 * 3261 §17.1.1.1), and 10 ms keeps retransmissions within 2% of their nominal time while the worker
 * wakes only 100 times a second. Netty's default tick (100 ms) would make Timer A up to 20% late.
 * Timers longer than one turn of the wheel (tick × ticks per wheel, about 10 s by default) stay in
 * their bucket for several turns; that costs a counter, not a scan of the wheel.
 *
 * <p><b>Threads.</b> Without an executor, tasks run on the wheel's thread ({@code sipher-timer-*}),
 * one at a time, so they must be short: the transaction layer's are (a state change, an
 * asynchronous send), but they also call the TU's listeners ({@code onTimeout}, {@code
 * onTerminated}, …), and a slow listener delays every other timer of the process. Given an {@link
 * Executor}, the wheel thread only hands each due task to it, and the task runs there: timer
 * callbacks then come on the executor's threads, possibly several at once. The executor should not
 * reject tasks; if it does (a full queue, a shutdown), the task runs on the wheel's thread instead,
 * because a lost timer would leave its transaction in the table for ever. The scheduler does not
 * shut the executor down: its owner does, after {@link #close()}.
 *
 * <p>{@link #close()} stops the thread; scheduling after that throws {@link IllegalStateException}.
 */
public final class WheelScheduler implements Scheduler, AutoCloseable {
  /** The default tick; see the class comment for why. */
  public static final Duration DEFAULT_TICK = Duration.ofMillis(10);

  /** The default number of buckets: one turn of the wheel is about 10 s at the default tick. */
  public static final int DEFAULT_TICKS_PER_WHEEL = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WheelScheduler.class);

  private final HashedWheelTimer wheel;
  private final Executor executor;
  private final AtomicBoolean rejectionLogged = new AtomicBoolean();

  /** A scheduler with the default tick, running tasks on the wheel's thread. */
  public WheelScheduler() {
    this(DEFAULT_TICK, DEFAULT_TICKS_PER_WHEEL, null);
  }

  /**
   * A scheduler with the default tick, running tasks on {@code executor} (see the class comment).
   */
  public WheelScheduler(Executor executor) {
    this(DEFAULT_TICK, DEFAULT_TICKS_PER_WHEEL, Objects.requireNonNull(executor, "executor"));
  }

  /**
   * @param tick the wheel's resolution: how late a task may run at most
   * @param ticksPerWheel the number of buckets (rounded up to a power of two by Netty)
   * @param executor where tasks run, or null to run them on the wheel's thread
   */
  public WheelScheduler(Duration tick, int ticksPerWheel, Executor executor) {
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive: " + tick);
    }
    this.wheel =
        new HashedWheelTimer(
            new DefaultThreadFactory("sipher-timer", true),
            tick.toNanos(),
            TimeUnit.NANOSECONDS,
            ticksPerWheel);
    this.executor = executor;
  }

  @Override
  public Handle schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.toNanos());
    Timeout timeout =
        wheel.newTimeout(
            t -> {
              if (executor == null) {
                runLogged(task);
              } else {
                dispatch(task);
              }
            },
            nanos,
            TimeUnit.NANOSECONDS);
    return timeout::cancel;
  }

  private void dispatch(Runnable task) {
    try {
      executor.execute(() -> runLogged(task));
    } catch (RejectedExecutionException e) {
      // Class comment: better late on the wheel's thread than never.
      if (rejectionLogged.compareAndSet(false, true)) {
        LOG.warn("The executor rejected a timer task; running rejected tasks on the wheel", e);
      }
      runLogged(task);
    }
  }

  private static void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      // One failing task must not stop the wheel, which serves every other timer.
      LOG.warn("Scheduled task failed", e);
    }
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /** How many tasks wait in the wheel (including cancelled ones not yet swept). */
  public long pendingTasks() {
    return wheel.pendingTimeouts();
  }

  /** Stops the wheel's thread; pending tasks are dropped. */
  @Override
  public void close() {
    wheel.stop();
  }
}
