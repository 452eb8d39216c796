package io.sipher.stack.time;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} on virtual time, for tests: nothing runs until a test calls {@link #advance}.
 * It lives in main sources so that tests of every module (transport, proxy, user agent) can drive
 * protocol timers without sleeping.
 *
 * <p>{@link #advance} runs every task that falls due within the step, in order of due time (ties in
 * the order they were scheduled), and moves the clock to each task's due time before running it. A
 * task scheduled by a running task runs in the same call when it falls due within the step, so a
 * retransmission timer that reschedules itself fires as often as it would in real time.
 *
 * <p>A cancelled task is counted out of {@link #pendingTasks} at once but stays in the queue, and
 * is skipped when reached: removing from the middle of a heap is linear, and tests cancel many
 * thousands of timers. When cancelled tasks come to outnumber live ones the queue is swept, so that
 * they cannot pile up in a long test.
 *
 * <p>Thread-safe: tasks may be scheduled from any thread. Tasks run on the thread that calls {@link
 * #advance}, outside the scheduler's lock; an exception from a task propagates to that caller and
 * leaves later tasks queued.
 */
public final class ManualScheduler implements Scheduler {
  private static final int SWEEP_MIN = 1024;

  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  private int live; // scheduled, not started, not cancelled
  private int cancelledQueued; // cancelled and still in the queue

  @Override
  public synchronized Handle schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.toNanos());
    Task t = new Task(now + nanos, seq++, task);
    queue.add(t);
    live++;
    return t;
  }

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  /** The virtual time since this scheduler was created. */
  public synchronized Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** Moves the clock forward by {@code step}, running every task that falls due on the way. */
  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + step);
    }
    long target;
    synchronized (this) {
      target = now + step.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        while (next != null && next.cancelled) {
          queue.poll();
          cancelledQueued--;
          next = queue.peek();
        }
        if (next == null || next.due > target) {
          now = target;
          return;
        }
        queue.poll();
        now = next.due;
        next.started = true;
        live--;
      }
      next.task.run();
    }
  }

  /** Runs the tasks due now (those scheduled with a zero delay), without moving the clock. */
  public void runDueTasks() {
    advance(Duration.ZERO);
  }

  /** How many tasks are scheduled and neither started nor cancelled; constant time. */
  public synchronized int pendingTasks() {
    return live;
  }

  /** The size of the queue, cancelled tasks included; for the tests of the sweep. */
  synchronized int queuedTasks() {
    return queue.size();
  }

  /** Called under the lock when a task is cancelled. */
  private void onCancelled() {
    live--;
    cancelledQueued++;
    if (cancelledQueued > SWEEP_MIN && cancelledQueued > queue.size() / 2) {
      queue.removeIf(t -> t.cancelled);
      cancelledQueued = 0;
    }
  }

  private final class Task implements Handle {
    final long due;
    final long seq;
    final Runnable task;
    boolean cancelled; // guarded by ManualScheduler.this
    boolean started; // guarded by ManualScheduler.this

    Task(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public boolean cancel() {
      synchronized (ManualScheduler.this) {
        if (cancelled || started) {
          return false;
        }
        cancelled = true; // left in the queue: see the class comment
        onCancelled();
        return true;
      }
    }
  }
}
