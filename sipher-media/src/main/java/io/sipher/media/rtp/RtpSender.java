package io.sipher.media.rtp;

import io.sipher.media.audio.AudioSource;
import io.sipher.media.sdp.Direction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one 20 ms G.711 packet per {@link #tick()}, which the session's scheduler calls at a fixed
 * rate; runs on that one thread. The timestamp advances 160 units per tick whether or not a packet
 * goes out, so that it keeps tracking the sampling clock across hold (RFC 3550 §5.1), and the first
 * packet after a pause carries the marker bit (RFC 3551 §4.1).
 */
final class RtpSender {
  private static final Logger log = LoggerFactory.getLogger(RtpSender.class);
  private static final int FRAME = AudioSource.FRAME_SAMPLES;
  private static final int EVENT_VOLUME = 10; // -10 dBm0, a typical DTMF level
  private static final int END_REPEATS = 3; // RFC 4733 §2.5.1.4

  private final DatagramChannel channel;
  private final RtpStreamConfig config;
  private final AudioSource source;
  private final SessionCounters counters;
  private final CompletableFuture<Void> sourceFinished;
  private final Queue<int[]> events = new ConcurrentLinkedQueue<>();
  private final long ssrc;
  private final long firstTimestamp;
  private final short[] frame = new short[FRAME];
  private final byte[] payload = new byte[FRAME];

  private volatile InetSocketAddress destination;
  private volatile Direction direction;
  private int sequence;
  private long ticks;
  private boolean paused = true;
  private boolean sourceEnded;
  private int[] event; // code, frames to send, frames sent
  private long eventTimestamp;

  RtpSender(
      DatagramChannel channel,
      RtpStreamConfig config,
      AudioSource source,
      SessionCounters counters,
      CompletableFuture<Void> sourceFinished,
      RandomGenerator random) {
    this.channel = channel;
    this.config = config;
    this.source = source;
    this.counters = counters;
    this.sourceFinished = sourceFinished;
    this.destination = config.remoteRtp();
    this.direction = config.direction();
    // Random SSRC, sequence and timestamp origins (RFC 3550 §5.1, §8).
    this.ssrc = random.nextInt() & 0xFFFFFFFFL;
    this.sequence = random.nextInt(1 << 16);
    this.firstTimestamp = random.nextInt() & 0xFFFFFFFFL;
  }

  long ssrc() {
    return ssrc;
  }

  void direction(Direction value) {
    direction = value;
  }

  /** Symmetric RTP (RFC 4961): after latching, send to where the peer's packets come from. */
  void destination(InetSocketAddress value) {
    destination = value;
  }

  void queueEvent(int code, int durationMillis) {
    events.add(new int[] {code, Math.max(1, durationMillis / 20), 0});
  }

  /** The RTP timestamp of the frame being sent now, for SR (RFC 3550 §6.4.1). */
  long currentTimestamp() {
    return (firstTimestamp + ticks * FRAME) & 0xFFFFFFFFL;
  }

  void tick() throws IOException {
    long timestamp = currentTimestamp();
    ticks++;
    // c=0.0.0.0 means "send nothing to me" (RFC 3264 §8.4), whatever the direction says.
    if (!direction.sends() || destination.getAddress().isAnyLocalAddress()) {
      paused = true;
      return;
    }
    if (event == null) {
      event = events.poll();
      eventTimestamp = timestamp;
    }
    if (event != null) {
      // Audio is suppressed while an event plays; the source still advances in real time.
      readFrame();
      sendEvent();
      return;
    }
    readFrame();
    config.codec().encode(frame, 0, FRAME, payload, 0);
    send(config.payloadType(), timestamp, paused, payload);
    paused = false;
  }

  private void readFrame() throws IOException {
    if (!sourceEnded) {
      try {
        if (source.read(frame)) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.warn("audio source failed, sending silence: {}", e.toString());
      }
      sourceEnded = true;
      // Completed off this thread: whatever the caller chained must not delay the media clock.
      sourceFinished.completeAsync(() -> null);
    }
    Arrays.fill(frame, (short) 0);
  }

  /**
   * One packet of the current event (RFC 4733 §2.5.1): same timestamp, growing duration, the marker
   * on the first. The final packet, with the E bit and the full duration, goes out three times at
   * the update interval (§2.5.1.4), one per tick.
   */
  private void sendEvent() throws IOException {
    int sent = ++event[2];
    int frames = event[1];
    boolean end = sent >= frames;
    int duration = Math.min(0xFFFF, Math.min(sent, frames) * FRAME);
    byte[] body = new TelephoneEvent(event[0], end, EVENT_VOLUME, duration).toBytes();
    send(config.telephoneEventPayloadType(), eventTimestamp, sent == 1, body);
    if (sent >= frames + END_REPEATS - 1) {
      event = null;
      paused = true; // the next audio packet starts a talkspurt
    }
  }

  private void send(int payloadType, long timestamp, boolean marker, byte[] data)
      throws IOException {
    RtpPacket packet = RtpPacket.of(payloadType, sequence, timestamp, ssrc, marker, data);
    sequence = (sequence + 1) & 0xFFFF;
    byte[] plain = packet.toBytes();
    byte[] wire = config.transform().protectRtp(plain, plain.length);
    if (channel.send(ByteBuffer.wrap(wire), destination) == 0) {
      counters.sendFailures.increment();
      return;
    }
    counters.packetsSent.incrementAndGet();
    counters.octetsSent.addAndGet(data.length);
  }
}
