package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException;
import io.sipher.media.audio.AudioSink;
import io.sipher.media.audio.AudioSource;
import io.sipher.media.sdp.Direction;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One audio stream's RTP and RTCP: sockets, sending, receiving, playout and reports.
 *
 * <p>Lifecycle: {@link #open} binds the ports (so that they can go into the SDP), {@link #start}
 * runs the negotiated stream, {@link #close} sends an RTCP BYE and releases the sockets, the
 * threads, the source and the sink. A session starts once.
 *
 * <p>While running, a scheduler thread sends one 20 ms G.711 frame from the {@link AudioSource}
 * every 20 ms, plays the jitter buffer out to the {@link AudioSink} at the same pace, and sends an
 * RTCP report about every {@link RtpStreamConfig#rtcpInterval()}; a receive thread handles
 * everything that arrives. RTP leaves from the port it arrives on (symmetric RTP, RFC 4961), and
 * RTCP from the RTCP port (RTP port + 1) or with rtcp-mux from the RTP port (RFC 5761).
 */
public final class RtpSession implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
  private static final long FRAME_MILLIS = 20;
  private static final int MAX_DATAGRAM = 8192;

  private final DatagramChannel rtp;
  private DatagramChannel rtcp;
  private final Selector selector;
  private final ScheduledExecutorService scheduler;
  private final SessionCounters counters = new SessionCounters();
  private final CompletableFuture<Void> sourceFinished = new CompletableFuture<>();
  private final RandomGenerator random = new SecureRandom();
  private final AtomicLong taskFailures = new AtomicLong();
  private volatile Consumer<TelephoneEvent> eventListener = e -> {};
  private volatile boolean closed;
  private volatile Thread schedulerThread;

  private RtpStreamConfig config;
  private RtpSender sender;
  private RtpReceiver receiver;
  private RtcpReporter reporter;
  private JitterBuffer jitterBuffer;
  private AudioSource source;
  private AudioSink sink;
  private boolean sinkFailed;
  private Thread receiveThread;

  private RtpSession(PortPair ports) throws IOException {
    this.rtp = ports.rtp;
    this.rtcp = ports.rtcp;
    this.selector = Selector.open();
    int port = localRtpAddress().getPort();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "rtp-" + port);
              t.setDaemon(true);
              schedulerThread = t;
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    // On close, a pending RTCP report must not hold the thread back.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = executor;
  }

  /**
   * Binds the sockets: {@code rtpPort} and {@code rtpPort + 1}, or with 0 a free even port and the
   * odd one after it.
   */
  public static RtpSession open(InetAddress address, int rtpPort) throws IOException {
    PortPair ports = PortPair.bind(address, rtpPort);
    try {
      return new RtpSession(ports);
    } catch (IOException e) {
      ports.rtp.close();
      ports.rtcp.close();
      throw e;
    }
  }

  /** Where we receive RTP: the address and port for the SDP. */
  public InetSocketAddress localRtpAddress() {
    try {
      return (InetSocketAddress) rtp.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("session is closed", e);
    }
  }

  /**
   * Starts the stream. A peer given by host name is resolved here.
   *
   * @param source what to send; closed with the session
   * @param sink where received audio goes; closed with the session
   * @throws IllegalStateException when already started or closed
   */
  public synchronized void start(RtpStreamConfig streamConfig, AudioSource source, AudioSink sink)
      throws IOException {
    if (closed || config != null) {
      throw new IllegalStateException(closed ? "session is closed" : "session already started");
    }
    this.config =
        streamConfig.withRemotes(
            resolve(streamConfig.remoteRtp()), resolve(streamConfig.remoteRtcp()));
    this.source = source;
    this.sink = sink;
    if (config.rtcpMux()) {
      rtcp.close();
      rtcp = null;
    }
    jitterBuffer = new JitterBuffer(config.jitterDepthMillis());
    sender = new RtpSender(rtp, config, source, counters, sourceFinished, random);
    receiver = new RtpReceiver(config, sender, jitterBuffer, counters, System::nanoTime);
    receiver.eventListener(eventListener);
    reporter = new RtcpReporter(config, sender, receiver, counters, rtcp != null ? rtcp : rtp);
    for (DatagramChannel channel : rtcp == null ? List.of(rtp) : List.of(rtp, rtcp)) {
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
    }
    receiveThread = new Thread(this::receiveLoop, "rtp-rx-" + localRtpAddress().getPort());
    receiveThread.setDaemon(true);
    receiveThread.start();
    scheduler.scheduleAtFixedRate(
        guarded("send", sender::tick), 0, FRAME_MILLIS, TimeUnit.MILLISECONDS);
    scheduler.scheduleAtFixedRate(
        guarded("playout", this::playout), FRAME_MILLIS, FRAME_MILLIS, TimeUnit.MILLISECONDS);
    // RFC 3550 §6.2: the first report after half the interval, each one randomised.
    scheduleReport(config.rtcpInterval().toMillis() / 2);
  }

  /** Changes what we do, e.g. on hold or after a re-INVITE; RTCP continues either way. */
  public void direction(Direction direction) {
    RtpSender s;
    RtpReceiver r;
    synchronized (this) {
      s = sender;
      r = receiver;
    }
    if (s == null) {
      throw new IllegalStateException("session not started");
    }
    s.direction(direction);
    r.direction(direction);
  }

  /**
   * Sends a telephone event (RFC 4733), e.g. {@link TelephoneEvent#dtmfEvent(char)}, in place of
   * audio for about {@code durationMillis}.
   *
   * @throws IllegalStateException before start or without a negotiated telephone-event
   */
  public synchronized void sendTelephoneEvent(int event, int durationMillis) {
    if (sender == null || config.telephoneEventPayloadType() < 0) {
      throw new IllegalStateException("telephone-event not negotiated");
    }
    sender.queueEvent(event, durationMillis);
  }

  /** Receives each telephone event the peer sends, once, on the receive thread. */
  public synchronized void onTelephoneEvent(Consumer<TelephoneEvent> listener) {
    eventListener = listener;
    if (receiver != null) {
      receiver.eventListener(listener);
    }
  }

  /** Completes when the source has no more audio (silence is sent after it) or on close. */
  public CompletableFuture<Void> sourceFinished() {
    return sourceFinished;
  }

  /** A snapshot of the counters. */
  public synchronized RtpSessionStats stats() {
    RtpStatistics s = receiver == null ? null : receiver.statistics();
    JitterBuffer.Stats j = jitterBuffer == null ? null : jitterBuffer.stats();
    ReportBlock remote = receiver == null ? null : receiver.remoteReport();
    Map<PacketRejectedException.Reason, Long> rejected = counters.rejected();
    return new RtpSessionStats(
        counters.packetsSent.get(),
        counters.octetsSent.get(),
        counters.packetsReceived.sum(),
        s == null ? 0 : Math.max(0, s.cumulativeLost()),
        s == null ? 0 : s.jitter() / 8.0,
        rejected,
        counters.unexpectedSource.sum(),
        counters.unknownPayloadType.sum(),
        counters.rtcpSent.sum(),
        counters.rtcpReceived.sum(),
        j == null ? 0 : j.framesConcealed(),
        j == null ? 0 : j.packetsLate(),
        remote == null ? -1 : remote.fractionLostRatio(),
        receiver != null && receiver.remoteBye());
  }

  /** Sends an RTCP BYE (when started), then releases sockets, threads, source and sink. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // close() may come from a telephone-event listener (receive thread) or a task chained to
    // sourceFinished(): never wait for the thread we are on.
    Thread current = Thread.currentThread();
    boolean onScheduler = current == schedulerThread;
    if (reporter != null) {
      try {
        if (onScheduler) {
          reporter.send(true);
        } else {
          scheduler
              .submit(
                  () -> {
                    reporter.send(true);
                    return null;
                  })
              .get(1, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        log.debug("RTCP BYE not sent: {}", e.toString());
      }
    }
    // shutdown, not shutdownNow: an interrupt would close the channels and the sink's file.
    scheduler.shutdown();
    try {
      if (!onScheduler) {
        scheduler.awaitTermination(2, TimeUnit.SECONDS);
      }
      selector.wakeup();
      if (receiveThread != null && receiveThread != current) {
        receiveThread.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(selector);
    closeQuietly(rtp);
    closeQuietly(rtcp);
    closeQuietly(source);
    closeQuietly(sink);
    sourceFinished.complete(null);
  }

  private void receiveLoop() {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    while (!closed) {
      try {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          drain((DatagramChannel) key.channel(), buffer);
        }
        selector.selectedKeys().clear();
      } catch (ClosedSelectorException | ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (!closed) {
          log.warn("RTP receive failed: {}", e.toString());
        }
      }
    }
  }

  private void drain(DatagramChannel channel, ByteBuffer buffer) throws IOException {
    InetSocketAddress from;
    while ((from = (InetSocketAddress) channel.receive(buffer)) != null) {
      try {
        if (channel == rtp) {
          receiver.onRtpPort(buffer.array(), buffer.position(), from);
        } else {
          receiver.onRtcp(buffer.array(), buffer.position(), from);
        }
      } catch (RuntimeException e) {
        // A transform or listener bug must not stop reception.
        log.warn("packet from {} dropped: {}", from, e.toString());
      } finally {
        buffer.clear();
      }
    }
  }

  private void playout() {
    List<short[]> frames = jitterBuffer.drain(System.nanoTime() / 1_000_000);
    for (short[] frame : frames) {
      if (sinkFailed) {
        return;
      }
      try {
        sink.write(frame, 0, frame.length);
      } catch (IOException | RuntimeException e) {
        sinkFailed = true;
        log.warn("audio sink failed, received audio is dropped: {}", e.toString());
      }
    }
  }

  private void scheduleReport(long delayMillis) {
    if (closed) {
      return;
    }
    Runnable report =
        guarded(
            "RTCP",
            () -> {
              reporter.send(false);
              long interval = config.rtcpInterval().toMillis();
              scheduleReport((long) (interval * (0.5 + random.nextDouble())));
            });
    try {
      scheduler.schedule(report, Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private interface IoTask {
    void run() throws IOException;
  }

  /** Runs a task without letting an exception cancel its schedule; logs a few of them. */
  private Runnable guarded(String what, IoTask task) {
    return () -> {
      try {
        task.run();
      } catch (ClosedChannelException e) {
        // closing
      } catch (IOException | RuntimeException e) {
        if (taskFailures.getAndIncrement() % 250 == 0) {
          log.warn("{} failed: {}", what, e.toString());
        }
      }
    };
  }

  private static InetSocketAddress resolve(InetSocketAddress address) throws IOException {
    if (!address.isUnresolved()) {
      return address;
    }
    InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
    if (resolved.isUnresolved()) {
      throw new UnknownHostException(address.getHostString());
    }
    return resolved;
  }

  private static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      log.debug("close failed: {}", e.toString());
    }
  }
}
