package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The counters an {@link RtpSession} keeps, updated from its threads and read for status. */
final class SessionCounters {
  final AtomicLong packetsSent = new AtomicLong();
  final AtomicLong octetsSent = new AtomicLong();
  final LongAdder packetsReceived = new LongAdder();
  final LongAdder notValidYet = new LongAdder();
  final LongAdder unexpectedSource = new LongAdder();
  final LongAdder unknownPayloadType = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  final LongAdder rtcpSent = new LongAdder();
  final LongAdder rtcpReceived = new LongAdder();
  private final Map<Reason, LongAdder> rejected = new EnumMap<>(Reason.class);

  SessionCounters() {
    for (Reason r : Reason.values()) {
      rejected.put(r, new LongAdder());
    }
  }

  void reject(Reason reason) {
    rejected.get(reason).increment();
  }

  Map<Reason, Long> rejected() {
    Map<Reason, Long> snapshot = new EnumMap<>(Reason.class);
    rejected.forEach((r, n) -> snapshot.put(r, n.sum()));
    return snapshot;
  }
}
