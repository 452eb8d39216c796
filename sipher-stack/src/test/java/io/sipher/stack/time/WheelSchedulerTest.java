package io.sipher.stack.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The production scheduler runs tasks and honours cancellation; timing is not asserted. */
class WheelSchedulerTest {

  @Test
  void runsScheduledTasks_andSkipsCancelledOnes() {
    try (WheelScheduler scheduler = new WheelScheduler()) {
      AtomicBoolean cancelledRan = new AtomicBoolean();
      AtomicInteger ran = new AtomicInteger();
      Scheduler.Handle cancelled =
          scheduler.schedule(Duration.ofMillis(20), () -> cancelledRan.set(true));
      scheduler.schedule(Duration.ofMillis(1), ran::incrementAndGet);
      scheduler.schedule(Duration.ofMillis(60), ran::incrementAndGet);

      assertThat(cancelled.cancel()).isTrue();

      await().atMost(Duration.ofSeconds(10)).until(() -> ran.get() == 2);
      assertThat(cancelledRan).isFalse();
    }
  }

  @Test
  void aFailingTask_doesNotStopTheWheel() throws InterruptedException {
    try (WheelScheduler scheduler = new WheelScheduler()) {
      CountDownLatch after = new CountDownLatch(1);
      scheduler.schedule(
          Duration.ZERO,
          () -> {
            throw new IllegalStateException("expected by the test");
          });
      scheduler.schedule(Duration.ofMillis(30), after::countDown);

      await().atMost(Duration.ofSeconds(10)).until(() -> after.getCount() == 0);
    }
  }

  @Test
  void runsTasksOnAGivenExecutor() {
    AtomicInteger executed = new AtomicInteger();
    try (WheelScheduler scheduler =
        new WheelScheduler(
            WheelScheduler.DEFAULT_TICK,
            64,
            task -> {
              executed.incrementAndGet();
              task.run();
            })) {
      AtomicBoolean ran = new AtomicBoolean();
      scheduler.schedule(Duration.ofMillis(1), () -> ran.set(true));

      await().atMost(Duration.ofSeconds(10)).untilTrue(ran);
      assertThat(executed).hasValue(1);
    }
  }

  @Test
  void nanoTime_isMonotonic() {
    try (WheelScheduler scheduler = new WheelScheduler()) {
      long a = scheduler.nanoTime();
      long b = scheduler.nanoTime();
      assertThat(b).isGreaterThanOrEqualTo(a);
    }
  }

  @Test
  void runsTasksOnTheExecutorItWasGiven() throws InterruptedException {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "tu-worker"));
    try (WheelScheduler scheduler = new WheelScheduler(executor)) {
      AtomicReference<String> thread = new AtomicReference<>();
      scheduler.schedule(Duration.ofMillis(1), () -> thread.set(Thread.currentThread().getName()));

      await().atMost(Duration.ofSeconds(10)).until(() -> thread.get() != null);
      assertThat(thread.get()).isEqualTo("tu-worker");
    } finally {
      executor.shutdown();
    }
  }

  @Test
  void aTaskTheExecutorRejects_runsOnTheWheel_ratherThanBeingLost() {
    try (WheelScheduler scheduler =
        new WheelScheduler(
            task -> {
              throw new RejectedExecutionException("full, as the test wants");
            })) {
      AtomicReference<String> thread = new AtomicReference<>();
      scheduler.schedule(Duration.ofMillis(1), () -> thread.set(Thread.currentThread().getName()));

      await().atMost(Duration.ofSeconds(10)).until(() -> thread.get() != null);
      assertThat(thread.get()).startsWith("sipher-timer");
    }
  }
}
