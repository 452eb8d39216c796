package io.sipher.stack.time;

import java.time.Duration;

/**
 * Runs tasks after a delay, without a thread per task: the timers of the SIP transaction layer (RFC
 * 3261 §17, Table 4) and any other protocol timer. A hundred thousand pending tasks must cost only
 * memory.
 *
 * <p>Two implementations ship in main sources: {@link WheelScheduler} for production (a Netty
 * hashed wheel, real time) and {@link ManualScheduler} for tests in any module (virtual time moved
 * by hand).
 *
 * <p><b>Which thread runs a task</b> is the implementation's choice and is where every timer-driven
 * callback of the transaction layer comes on (Timer B's {@code onTimeout}, say): {@link
 * WheelScheduler} runs tasks on its one wheel thread, or on the {@link
 * java.util.concurrent.Executor} it was given; {@link ManualScheduler} on the thread that advances
 * time. Never inline on the thread that schedules. Tasks on the wheel's thread must be short.
 */
public interface Scheduler {

  /**
   * Runs {@code task} once, no earlier than {@code delay} from now. A zero or negative delay runs
   * it as soon as the scheduler gets to it, never inline on the caller's thread.
   */
  Handle schedule(Duration delay, Runnable task);

  /**
   * A monotonic clock in nanoseconds, the time base of {@link #schedule}: only differences between
   * two readings mean anything (as with {@link System#nanoTime()}).
   */
  long nanoTime();

  /** A scheduled task, which can be cancelled until it starts running. */
  interface Handle {
    /**
     * Stops the task from running.
     *
     * @return true when this call cancelled it; false when it has already run, is running, or was
     *     cancelled before
     */
    boolean cancel();
  }
}
