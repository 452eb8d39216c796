package io.sipher.media.rtp;

/**
 * Reception statistics for one source: sequence number validation and extension (RFC 3550 §A.1),
 * loss accounting (§A.3) and interarrival jitter (§6.4.1, §A.8). Thread-safe.
 *
 * <p>A new source is on probation until {@value #MIN_SEQUENTIAL} packets arrive in sequence; {@link
 * #onPacket} returns false for packets that are not (yet) valid, which the caller discards.
 */
public final class RtpStatistics {
  /** A jump of this many or more sequence numbers is a restart, not loss (§A.1). */
  static final int MAX_DROPOUT = 3000;

  /** Packets this far behind are duplicates or late; further behind is a restart (§A.1). */
  static final int MAX_MISORDER = 100;

  /** Packets in sequence before a source is valid (§A.1). */
  static final int MIN_SEQUENTIAL = 2;

  private static final int SEQ_MOD = 1 << 16;

  private final long ssrc;
  private int maxSeq;
  private long cycles;
  private int baseSeq;
  private int badSeq;
  private int probation;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private int transit;
  private boolean haveTransit;
  private long jitterTimes16;

  /** Statistics for a source first heard with this sequence number (§A.1 init). */
  public RtpStatistics(long ssrc, int firstSequence) {
    this.ssrc = ssrc;
    initSequence(firstSequence);
    maxSeq = (firstSequence - 1) & 0xFFFF;
    probation = MIN_SEQUENTIAL;
  }

  /** The source these statistics describe. */
  public long ssrc() {
    return ssrc;
  }

  /**
   * Accounts for a packet: validates its sequence number and, for a valid packet, updates the
   * jitter estimate.
   *
   * @param arrival the arrival time in the stream's timestamp units (clock rate), from any origin
   * @return whether the packet is valid and should be played
   */
  public synchronized boolean onPacket(int sequence, long timestamp, long arrival) {
    if (!updateSequence(sequence)) {
      return false;
    }
    updateJitter(timestamp, arrival);
    return true;
  }

  /**
   * Accounts for a packet whose timestamp is not a sampling instant (an RFC 4733 event, whose
   * timestamp is the event's start): sequence validation only.
   */
  public synchronized boolean onPacket(int sequence) {
    return updateSequence(sequence);
  }

  private void initSequence(int seq) {
    baseSeq = seq;
    maxSeq = seq;
    badSeq = SEQ_MOD + 1; // so that seq == badSeq is false
    cycles = 0;
    received = 0;
    receivedPrior = 0;
    expectedPrior = 0;
  }

  /** RFC 3550 §A.1 {@code update_seq}. */
  private boolean updateSequence(int seq) {
    int udelta = (seq - maxSeq) & 0xFFFF;
    if (probation > 0) {
      // Packets must be in sequence during probation.
      if (seq == ((maxSeq + 1) & 0xFFFF)) {
        probation--;
        maxSeq = seq;
        if (probation == 0) {
          initSequence(seq);
          received++;
          return true;
        }
      } else {
        probation = MIN_SEQUENTIAL - 1;
        maxSeq = seq;
      }
      return false;
    } else if (udelta < MAX_DROPOUT) {
      // In order, with a permissible gap.
      if (seq < maxSeq) {
        cycles += SEQ_MOD; // wrapped
      }
      maxSeq = seq;
    } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
      // A very large jump: two sequential packets mean the sender restarted.
      if (seq == badSeq) {
        initSequence(seq);
      } else {
        badSeq = (seq + 1) & (SEQ_MOD - 1);
        return false;
      }
    }
    // else a duplicate or reordered packet: counted, not an error.
    received++;
    return true;
  }

  /** RFC 3550 §A.8, the integer form: the estimate is kept times 16 to limit round-off. */
  private void updateJitter(long timestamp, long arrival) {
    int newTransit = (int) arrival - (int) timestamp; // modulo 2^32, as the RFC's C does
    if (!haveTransit) {
      // The first packet only sets the reference; a difference needs two.
      transit = newTransit;
      haveTransit = true;
      return;
    }
    int d = newTransit - transit;
    transit = newTransit;
    if (d < 0) {
      d = -d;
    }
    jitterTimes16 += d - ((jitterTimes16 + 8) >> 4);
  }

  /** The interarrival jitter in timestamp units, as a report block carries it. */
  public synchronized long jitter() {
    return jitterTimes16 >> 4;
  }

  /** Valid packets received, duplicates included (§A.3). */
  public synchronized long received() {
    return received;
  }

  /** The highest sequence number received, extended by the count of wraps (§A.3). */
  public synchronized long extendedHighestSequence() {
    return cycles + maxSeq;
  }

  /** Packets expected: from the first valid one to the highest (§A.3). */
  public synchronized long expected() {
    return probation > 0 ? 0 : cycles + maxSeq - baseSeq + 1;
  }

  /** Packets lost since the start; negative when duplicates outnumber losses (§A.3). */
  public synchronized long cumulativeLost() {
    return expected() - received;
  }

  /**
   * A report block on this source, starting a new interval for the fraction lost (§A.3).
   *
   * @param lastSr the middle 32 bits of the NTP time of the last SR from this source, or 0
   * @param delaySinceLastSr in 1/65536 s, or 0 when no SR was received
   */
  public synchronized ReportBlock report(long lastSr, long delaySinceLastSr) {
    long expected = expected();
    long expectedInterval = expected - expectedPrior;
    expectedPrior = expected;
    long receivedInterval = received - receivedPrior;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction =
        expectedInterval == 0 || lostInterval <= 0
            ? 0
            : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    // The cumulative count is a signed 24-bit field: clamp rather than wrap.
    long lost = Math.max(-0x800000, Math.min(0x7FFFFF, expected - received));
    return new ReportBlock(
        ssrc,
        fraction,
        (int) lost,
        extendedHighestSequence() & 0xFFFFFFFFL,
        jitter() & 0xFFFFFFFFL,
        lastSr,
        delaySinceLastSr);
  }
}
