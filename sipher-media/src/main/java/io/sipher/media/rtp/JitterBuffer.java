package io.sipher.media.rtp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fixed-depth playout buffer for one audio source. Packets go in as they arrive, in any order;
 * frames come out at the pace of the caller's clock, one per frame time, in timestamp order. Audio
 * that has not arrived when its frame is due is replaced by silence, and audio that arrives after
 * its frame was played is dropped.
 *
 * <p>Packets are ordered by RTP timestamp, which for one audio source follows the sequence numbers
 * and also keeps the pauses of silence suppression in place; a packet whose timestamp is already
 * buffered is a duplicate. The first packet's audio is played {@code depth} after it arrived, so
 * later packets may arrive up to that much later than the first one did without being lost.
 *
 * <p>The buffer starts over from the next packet when the stream jumps: a packet more than {@value
 * #MAX_AHEAD_MILLIS} ms ahead of the playout point (a sender restart), or a run of late packets
 * longer than twice the depth (a sender whose clock restarted behind us, or that paused without
 * advancing its timestamps).
 *
 * <p>No clock of its own: each call says what time it is, in milliseconds from any origin, which
 * keeps tests free of sleeps. Thread-safe: one thread may {@link #put} while another {@link
 * #drain}s.
 */
public final class JitterBuffer {
  static final int MAX_AHEAD_MILLIS = 2_000;
  private static final int MAX_CATCH_UP_FRAMES = 50;

  private final int depthMillis;
  private final int frameSamples;
  private final int frameMillis;
  private final long maxAheadSamples;
  private final int maxConsecutiveLate;
  private final TreeMap<Long, short[]> pending = new TreeMap<>();

  private boolean started;
  private long playTimestamp;
  private long startMillis;
  private long framesOut;
  private int consecutiveLate;
  private long played;
  private long concealed;
  private long late;
  private long duplicates;
  private long restarts;

  /** A buffer for 8 kHz audio in 20 ms frames. */
  public JitterBuffer(int depthMillis) {
    this(depthMillis, 8000, 160);
  }

  /**
   * @param depthMillis the playout delay, e.g. 60
   * @param clockRate timestamp units per second
   * @param frameSamples samples per output frame
   */
  public JitterBuffer(int depthMillis, int clockRate, int frameSamples) {
    if (depthMillis < 0 || clockRate <= 0 || frameSamples <= 0) {
      throw new IllegalArgumentException("bad jitter buffer parameters");
    }
    this.depthMillis = depthMillis;
    this.frameSamples = frameSamples;
    this.frameMillis = Math.max(1, frameSamples * 1000 / clockRate);
    this.maxAheadSamples = (long) clockRate * MAX_AHEAD_MILLIS / 1000;
    int depthFrames = (depthMillis + frameMillis - 1) / frameMillis;
    this.maxConsecutiveLate = Math.max(3, 2 * depthFrames + 1);
  }

  /**
   * Adds a packet's decoded audio.
   *
   * @param timestamp the packet's RTP timestamp (32-bit)
   * @param samples the audio, one entry per timestamp unit; kept, not copied
   * @param nowMillis the arrival time
   */
  public synchronized void put(long timestamp, short[] samples, long nowMillis) {
    if (samples.length == 0) {
      return;
    }
    if (!started) {
      start(timestamp, nowMillis);
    }
    // Place the 32-bit timestamp on the 64-bit line next to the playout point.
    long position = playTimestamp + (int) (timestamp - playTimestamp);
    if (position + samples.length <= playTimestamp) {
      late++;
      if (++consecutiveLate > maxConsecutiveLate) {
        restart(timestamp, nowMillis);
        pending.put(timestamp, samples);
      }
      return;
    }
    if (position - playTimestamp > maxAheadSamples) {
      restart(timestamp, nowMillis);
      position = timestamp;
    }
    consecutiveLate = 0;
    if (pending.putIfAbsent(position, samples) != null) {
      duplicates++;
    }
  }

  /** The frames due by {@code nowMillis} and not yet taken; empty before the first packet. */
  public synchronized List<short[]> drain(long nowMillis) {
    if (!started || nowMillis < startMillis) {
      return List.of();
    }
    long due = (nowMillis - startMillis) / frameMillis + 1;
    if (due - framesOut > MAX_CATCH_UP_FRAMES) {
      // The caller stalled for long; skip what it missed rather than flood the sink.
      long skip = due - framesOut - MAX_CATCH_UP_FRAMES;
      framesOut += skip;
      concealed += skip;
      playTimestamp += skip * frameSamples;
      pending.headMap(playTimestamp).clear();
    }
    List<short[]> frames = new ArrayList<>((int) Math.max(0, due - framesOut));
    while (framesOut < due) {
      frames.add(nextFrame());
      framesOut++;
    }
    return frames;
  }

  private short[] nextFrame() {
    short[] frame = new short[frameSamples];
    long frameEnd = playTimestamp + frameSamples;
    boolean any = false;
    Iterator<Map.Entry<Long, short[]>> it = pending.headMap(frameEnd).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, short[]> e = it.next();
      long start = e.getKey();
      short[] samples = e.getValue();
      long end = start + samples.length;
      long from = Math.max(start, playTimestamp);
      long to = Math.min(end, frameEnd);
      if (to > from) {
        System.arraycopy(
            samples, (int) (from - start), frame, (int) (from - playTimestamp), (int) (to - from));
        any = true;
      }
      if (end <= frameEnd) {
        it.remove();
      }
    }
    playTimestamp = frameEnd;
    if (any) {
      played++;
    } else {
      concealed++;
    }
    return frame;
  }

  /** Forgets everything; the next packet starts playout again, e.g. for a new source. */
  public synchronized void reset() {
    pending.clear();
    started = false;
    consecutiveLate = 0;
  }

  private void restart(long timestamp, long nowMillis) {
    restarts++;
    reset();
    start(timestamp, nowMillis);
  }

  private void start(long timestamp, long nowMillis) {
    started = true;
    playTimestamp = timestamp;
    startMillis = nowMillis + depthMillis;
    framesOut = 0;
  }

  /** Counters since creation. */
  public synchronized Stats stats() {
    return new Stats(played, concealed, late, duplicates, restarts, pending.size());
  }

  /**
   * What the buffer did.
   *
   * @param framesPlayed frames that held received audio
   * @param framesConcealed frames filled with silence because nothing had arrived for them
   * @param packetsLate packets dropped because their frame had been played
   * @param duplicates packets dropped because the same audio was buffered
   * @param restarts times playout started over on a jump in the stream
   * @param buffered packets waiting now
   */
  public record Stats(
      long framesPlayed,
      long framesConcealed,
      long packetsLate,
      long duplicates,
      long restarts,
      int buffered) {}
}
