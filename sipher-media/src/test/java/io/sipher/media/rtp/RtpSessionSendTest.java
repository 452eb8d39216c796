package io.sipher.media.rtp;

import static io.sipher.media.rtp.TestSignals.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.media.MediaTransform;
import io.sipher.media.audio.AudioSink;
import io.sipher.media.audio.AudioSource;
import io.sipher.media.audio.G711;
import io.sipher.media.sdp.Direction;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an {@link RtpSession} sends (RFC 3550 §5.1, RFC 4733 §2.5), seen from a raw socket. */
class RtpSessionSendTest {

  private static List<RtpPacket> collect(DatagramChannel peer, int count) throws Exception {
    peer.configureBlocking(false);
    List<RtpPacket> packets = new ArrayList<>();
    ByteBuffer buffer = ByteBuffer.allocate(2048);
    await(
        count + " packets",
        () -> {
          try {
            buffer.clear();
            while (peer.receive(buffer) != null) {
              byte[] b = Arrays.copyOf(buffer.array(), buffer.position());
              packets.add(RtpPacket.parse(b, b.length));
              buffer.clear();
            }
            return packets.size() >= count;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    return packets;
  }

  private static RtpStreamConfig config(InetSocketAddress remote) {
    return new RtpStreamConfig(
        G711.PCMA,
        8,
        8,
        101,
        101,
        Direction.SENDONLY,
        remote,
        null,
        false,
        MediaTransform.NONE,
        false,
        60,
        Duration.ofSeconds(5),
        "send-test");
  }

  @Test
  void consecutiveFramesOfOneSource() throws Exception {
    try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        RtpSession session = RtpSession.open(InetAddress.getLoopbackAddress(), 0)) {
      session.start(
          config((InetSocketAddress) peer.getLocalAddress()),
          AudioSource.tone(1000, 0.5),
          AudioSink.discard());
      List<RtpPacket> packets = collect(peer, 10);
      RtpPacket first = packets.get(0);
      assertThat(first.marker()).isTrue(); // the start of a talkspurt (RFC 3551 §4.1)
      for (int i = 0; i < packets.size(); i++) {
        RtpPacket p = packets.get(i);
        assertThat(p.payloadType()).isEqualTo(8);
        assertThat(p.payloadLength()).isEqualTo(160);
        assertThat(p.ssrc()).isEqualTo(first.ssrc());
        assertThat(p.sequenceNumber()).isEqualTo((first.sequenceNumber() + i) & 0xFFFF);
        assertThat(p.timestamp()).isEqualTo((first.timestamp() + 160L * i) & 0xFFFFFFFFL);
        assertThat(p.marker()).isEqualTo(i == 0);
      }
      assertThat(session.stats().packetsSent()).isGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void telephoneEventReplacesAudioAndEndsThreeTimes() throws Exception {
    try (DatagramChannel peer = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        RtpSession session = RtpSession.open(InetAddress.getLoopbackAddress(), 0)) {
      session.start(
          config((InetSocketAddress) peer.getLocalAddress()),
          AudioSource.silence(),
          AudioSink.discard());
      session.sendTelephoneEvent(TelephoneEvent.dtmfEvent('7'), 60);
      List<RtpPacket> packets = collect(peer, 12);
      List<RtpPacket> events = new ArrayList<>();
      for (RtpPacket p : packets) {
        if (p.payloadType() == 101) {
          events.add(p);
        }
      }
      assertThat(events).hasSize(5);
      List<TelephoneEvent> decoded = new ArrayList<>();
      for (RtpPacket p : events) {
        assertThat(p.timestamp()).isEqualTo(events.get(0).timestamp());
        decoded.add(TelephoneEvent.parse(p.payload(), 0, p.payloadLength()));
      }
      assertThat(events.get(0).marker()).isTrue();
      assertThat(events.get(1).marker()).isFalse();
      assertThat(decoded)
          .containsExactly(
              new TelephoneEvent(7, false, 10, 160),
              new TelephoneEvent(7, false, 10, 320),
              new TelephoneEvent(7, true, 10, 480),
              new TelephoneEvent(7, true, 10, 480),
              new TelephoneEvent(7, true, 10, 480));
      // Sequence numbers run on through the event.
      for (int i = 1; i < packets.size(); i++) {
        assertThat(packets.get(i).sequenceNumber())
            .isEqualTo((packets.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
      }
    }
  }
}
