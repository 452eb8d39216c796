package io.sipher.stack.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
  private final ManualScheduler clock = new ManualScheduler();
  private final List<String> ran = new ArrayList<>();

  @Test
  void nothingRuns_untilTimeIsAdvanced() {
    clock.schedule(Duration.ZERO, () -> ran.add("now"));
    assertThat(ran).isEmpty();

    clock.runDueTasks();
    assertThat(ran).containsExactly("now");
  }

  @Test
  void advance_runsDueTasksInOrderOfDueTime_tiesInScheduleOrder() {
    clock.schedule(Duration.ofMillis(300), () -> ran.add("c"));
    clock.schedule(Duration.ofMillis(100), () -> ran.add("a"));
    clock.schedule(Duration.ofMillis(100), () -> ran.add("b"));
    clock.schedule(Duration.ofMillis(301), () -> ran.add("late"));

    clock.advance(Duration.ofMillis(300));

    assertThat(ran).containsExactly("a", "b", "c");
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofMillis(300).toNanos());
    assertThat(clock.pendingTasks()).isEqualTo(1);
  }

  @Test
  void aTaskSeesTheClockAtItsDueTime_andTasksItSchedulesRunIfDue() {
    List<Long> times = new ArrayList<>();
    Runnable[] tick = new Runnable[1];
    tick[0] =
        () -> {
          times.add(clock.elapsed().toMillis());
          clock.schedule(Duration.ofMillis(100), tick[0]);
        };
    clock.schedule(Duration.ofMillis(100), tick[0]);

    clock.advance(Duration.ofMillis(450));

    assertThat(times).containsExactly(100L, 200L, 300L, 400L);
    assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(450));
  }

  @Test
  void cancelledTasks_neverRun() {
    Scheduler.Handle handle = clock.schedule(Duration.ofMillis(10), () -> ran.add("x"));

    assertThat(handle.cancel()).isTrue();
    assertThat(handle.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(1));

    assertThat(ran).isEmpty();
    assertThat(clock.pendingTasks()).isZero();
  }

  @Test
  void cancel_afterRunning_returnsFalse() {
    Scheduler.Handle handle = clock.schedule(Duration.ofMillis(10), () -> ran.add("x"));
    clock.advance(Duration.ofMillis(10));

    assertThat(handle.cancel()).isFalse();
    assertThat(ran).containsExactly("x");
  }

  @Test
  void pendingTasks_excludesCancelledTasks_beforeTheirDueTime() {
    Scheduler.Handle cancelled = clock.schedule(Duration.ofSeconds(30), () -> ran.add("x"));
    clock.schedule(Duration.ofSeconds(30), () -> ran.add("y"));

    cancelled.cancel();

    assertThat(clock.pendingTasks()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(clock.pendingTasks()).isZero();
    assertThat(ran).containsExactly("y");
  }

  @Test
  void cancelledTasks_areSweptOnceTheyOutnumberLiveOnes() {
    List<Scheduler.Handle> handles = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      handles.add(clock.schedule(Duration.ofSeconds(60), () -> ran.add("cancelled")));
    }
    clock.schedule(Duration.ofSeconds(60), () -> ran.add("live"));

    handles.forEach(Scheduler.Handle::cancel);

    assertThat(clock.pendingTasks()).isEqualTo(1);
    assertThat(clock.queuedTasks()).isLessThan(5_001);
    clock.advance(Duration.ofSeconds(60));
    assertThat(ran).containsExactly("live");
    assertThat(clock.queuedTasks()).isZero();
  }
}
