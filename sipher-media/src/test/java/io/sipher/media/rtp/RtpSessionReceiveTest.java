package io.sipher.media.rtp;

import static io.sipher.media.rtp.TestSignals.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.media.MediaTransform;
import io.sipher.media.PacketRejectedException;
import io.sipher.media.PacketRejectedException.Reason;
import io.sipher.media.audio.AudioSink;
import io.sipher.media.audio.AudioSource;
import io.sipher.media.audio.G711;
import io.sipher.media.audio.MemorySink;
import io.sipher.media.sdp.Direction;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What an {@link RtpSession} does with what arrives: only the peer is heard (RFC 4961 symmetric
 * RTP, or latching), refusals are counted per reason and never stop reception.
 */
class RtpSessionReceiveTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static DatagramChannel socket() throws Exception {
    return DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
  }

  private static InetSocketAddress address(DatagramChannel c) throws Exception {
    return (InetSocketAddress) c.getLocalAddress();
  }

  private static RtpStreamConfig config(
      InetSocketAddress remote, boolean latching, MediaTransform transform) {
    return new RtpStreamConfig(
        G711.PCMU,
        0,
        0,
        101,
        101,
        Direction.SENDRECV,
        remote,
        null,
        false,
        transform,
        latching,
        20,
        Duration.ofSeconds(5),
        "test");
  }

  private static void send(DatagramChannel from, InetSocketAddress to, byte[] data)
      throws Exception {
    from.send(ByteBuffer.wrap(data), to);
  }

  private static byte[] audio(int seq, byte fill) {
    byte[] payload = new byte[160];
    Arrays.fill(payload, fill);
    return RtpPacket.of(0, seq, 160L * seq, 0x1234, false, payload).toBytes();
  }

  @Test
  void onlyThePeerIsHeardAndEveryRefusalIsCounted() throws Exception {
    List<TelephoneEvent> events = new CopyOnWriteArrayList<>();
    MemorySink sink = AudioSink.memory();
    try (DatagramChannel peer = socket();
        DatagramChannel stranger = socket();
        RtpSession session = RtpSession.open(LOOPBACK, 0)) {
      session.onTelephoneEvent(events::add);
      session.start(config(address(peer), false, MediaTransform.NONE), AudioSource.silence(), sink);
      InetSocketAddress target = session.localRtpAddress();

      send(peer, target, new byte[] {1, 2, 3, 4, 5});
      send(peer, target, new byte[12]); // version 0
      send(stranger, target, audio(1, (byte) 0x80));
      send(peer, target, RtpPacket.of(18, 1, 0, 0x1234, false, new byte[20]).toBytes());
      send(peer, target, audio(1, (byte) 0x80)); // probation
      send(peer, target, audio(2, (byte) 0x80));
      byte[] hash = new TelephoneEvent(TelephoneEvent.dtmfEvent('#'), false, 10, 160).toBytes();
      send(peer, target, RtpPacket.of(101, 3, 480, 0x1234, true, hash).toBytes());
      send(peer, target, RtpPacket.of(101, 4, 480, 0x1234, false, hash).toBytes());

      await(
          "all eight datagrams handled",
          () -> {
            RtpSessionStats s = session.stats();
            return s.rejected().get(Reason.MALFORMED) == 2
                && s.unexpectedSource() == 1
                && s.unknownPayloadType() == 1
                && s.packetsReceived() == 3;
          });
      await("one event, reported once", () -> events.size() == 1);
      assertThat(events.get(0).dtmfKey()).isEqualTo('#');
      await("the audio played out", () -> sink.size() > 0);
    }
  }

  @Test
  void latchingLearnsThePeerAndRepliesThere() throws Exception {
    try (DatagramChannel peer = socket();
        DatagramChannel decoy = socket();
        DatagramChannel stranger = socket();
        RtpSession session = RtpSession.open(LOOPBACK, 0)) {
      // Signalled address: the decoy (as when the peer is behind a NAT).
      session.start(
          config(address(decoy), true, MediaTransform.NONE),
          AudioSource.tone(440, 0.3),
          AudioSink.discard());
      InetSocketAddress target = session.localRtpAddress();
      send(peer, target, audio(1, (byte) 0x80));
      peer.configureBlocking(false);
      ByteBuffer buffer = ByteBuffer.allocate(2048);
      InetSocketAddress[] from = new InetSocketAddress[1];
      await(
          "RTP arrives at the latched peer",
          () -> {
            try {
              buffer.clear();
              from[0] = (InetSocketAddress) peer.receive(buffer);
              return from[0] != null;
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          });
      // Symmetric RTP: it comes from the port the session receives on.
      assertThat(from[0]).isEqualTo(target);
      RtpPacket p =
          RtpPacket.parse(Arrays.copyOf(buffer.array(), buffer.position()), buffer.position());
      assertThat(p.payloadType()).isZero();
      assertThat(p.payloadLength()).isEqualTo(160);

      // Once latched, others are not heard.
      send(stranger, target, audio(2, (byte) 0x80));
      await("the stranger is dropped", () -> session.stats().unexpectedSource() == 1);
    }
  }

  @Test
  void transformRefusalsAreCountedPerReason() throws Exception {
    // A transform that refuses packets whose payload starts with 0x66, as SRTP refuses forgeries.
    MediaTransform picky =
        new MediaTransform() {
          @Override
          public byte[] protectRtp(byte[] packet, int length) {
            return Arrays.copyOf(packet, length);
          }

          @Override
          public byte[] unprotectRtp(byte[] packet, int length) throws PacketRejectedException {
            if (length > 12 && packet[12] == 0x66) {
              throw new PacketRejectedException(Reason.AUTHENTICATION_FAILED, "bad tag");
            }
            if (length > 12 && packet[12] == 0x67) {
              throw new IllegalStateException("a bug in the transform");
            }
            return Arrays.copyOf(packet, length);
          }

          @Override
          public byte[] protectRtcp(byte[] packet, int length) {
            return Arrays.copyOf(packet, length);
          }

          @Override
          public byte[] unprotectRtcp(byte[] packet, int length) {
            return Arrays.copyOf(packet, length);
          }
        };
    try (DatagramChannel peer = socket();
        RtpSession session = RtpSession.open(LOOPBACK, 0)) {
      session.start(
          config(address(peer), false, picky), AudioSource.silence(), AudioSink.discard());
      InetSocketAddress target = session.localRtpAddress();
      send(peer, target, audio(1, (byte) 0x66));
      send(peer, target, audio(2, (byte) 0x67));
      send(peer, target, audio(3, (byte) 0x66));
      send(peer, target, audio(4, (byte) 0x80));
      send(peer, target, audio(5, (byte) 0x80));
      await(
          "refusals counted and reception going on",
          () ->
              session.stats().rejected().get(Reason.AUTHENTICATION_FAILED) == 2
                  && session.stats().packetsReceived() == 1);
    }
  }
}
