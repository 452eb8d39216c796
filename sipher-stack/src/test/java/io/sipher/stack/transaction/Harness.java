package io.sipher.stack.transaction;

import io.sipher.stack.time.ManualScheduler;
import java.time.Duration;

/**
 * A transaction layer on virtual time with a recording TU; the default RFC 3261 timers unless
 * given.
 */
final class Harness {
  final ManualScheduler clock = new ManualScheduler();
  final RecordingUser user = new RecordingUser();
  final TransactionLayer layer;

  Harness() {
    this(TransactionConfig.DEFAULTS);
  }

  Harness(TransactionConfig config) {
    layer = new TransactionLayer(config, clock, user);
  }

  RecordingWire udp() {
    return new RecordingWire(false, clock);
  }

  RecordingWire tcp() {
    return new RecordingWire(true, clock);
  }

  RecordingWire wire(boolean reliable) {
    return new RecordingWire(reliable, clock);
  }

  void advanceMillis(long ms) {
    clock.advance(Duration.ofMillis(ms));
  }
}
