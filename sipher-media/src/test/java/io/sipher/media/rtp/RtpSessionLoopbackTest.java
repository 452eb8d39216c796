package io.sipher.media.rtp;

import static io.sipher.media.rtp.TestSignals.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.media.MediaTransform;
import io.sipher.media.audio.AudioSink;
import io.sipher.media.audio.AudioSource;
import io.sipher.media.audio.CrossCorrelation;
import io.sipher.media.audio.MemorySink;
import io.sipher.media.audio.WavWriter;
import io.sipher.media.sdp.Answer;
import io.sipher.media.sdp.AudioNegotiator;
import io.sipher.media.sdp.Direction;
import io.sipher.media.sdp.LocalAudio;
import io.sipher.media.sdp.MediaDescription;
import io.sipher.media.sdp.NegotiatedStream;
import io.sipher.media.sdp.Negotiation;
import io.sipher.media.sdp.SdpParseResult;
import io.sipher.media.sdp.SdpParser;
import io.sipher.media.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sessions on the loopback interface negotiate by offer/answer and exchange about a second of
 * audio each way in plain RTP: a 1 kHz tone one way, a speech-like WAV file the other. What each
 * side records must be the other side's audio (normalised cross-correlation above 0.9).
 */
class RtpSessionLoopbackTest {
  private static final int ONE_SECOND = 8000;

  @TempDir Path dir;

  private static SessionDescription overTheWire(SessionDescription sdp) {
    SdpParseResult r = new SdpParser().parse(sdp.toBytes());
    return ((SdpParseResult.Parsed) r).description();
  }

  private static NegotiatedStream accepted(Negotiation n) {
    assertThat(n).isInstanceOf(Negotiation.Accepted.class);
    return ((Negotiation.Accepted) n).stream();
  }

  /** Offer from a, answer from b; returns {a's stream, b's stream}. */
  private static NegotiatedStream[] negotiate(RtpSession a, RtpSession b, InetAddress address) {
    AudioNegotiator na = new AudioNegotiator(LocalAudio.of(address, a.localRtpAddress().getPort()));
    AudioNegotiator nb = new AudioNegotiator(LocalAudio.of(address, b.localRtpAddress().getPort()));
    SessionDescription offer =
        na.createOffer(MediaDescription.RTP_AVP, Direction.SENDRECV, List.of());
    Answer answer = nb.createAnswer(overTheWire(offer), Direction.SENDRECV, List.of());
    NegotiatedStream forB = accepted(answer.negotiation());
    NegotiatedStream forA = accepted(na.processAnswer(overTheWire(answer.description())));
    return new NegotiatedStream[] {forA, forB};
  }

  private static RtpStreamConfig config(NegotiatedStream s) {
    // A deep buffer: a loaded build machine may delay the sender's thread now and then.
    return RtpStreamConfig.of(s, MediaTransform.NONE)
        .withJitterDepthMillis(200)
        .withRtcpInterval(Duration.ofMillis(200));
  }

  @Test
  @SuppressWarnings("try") // a is closed early on purpose: b must see its BYE
  void toneOneWaySpeechTheOtherOverIpv4() throws Exception {
    short[] tone = TestSignals.tone(1000, ONE_SECOND);
    short[] speech = TestSignals.speechLike(ONE_SECOND, 7);
    Path speechFile = dir.resolve("speech.wav");
    try (WavWriter w = new WavWriter(speechFile)) {
      w.write(speech, 0, speech.length);
    }
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    MemorySink heardByA = AudioSink.memory();
    MemorySink heardByB = AudioSink.memory();
    List<TelephoneEvent> eventsAtB = new CopyOnWriteArrayList<>();
    try (RtpSession a = RtpSession.open(loopback, 0);
        RtpSession b = RtpSession.open(loopback, 0)) {
      NegotiatedStream[] streams = negotiate(a, b, loopback);
      assertThat(streams[0].encoding()).isEqualTo("PCMU");
      b.onTelephoneEvent(eventsAtB::add);
      a.start(config(streams[0]), AudioSource.of(tone, false), heardByA);
      b.start(config(streams[1]), AudioSource.wav(speechFile, false), heardByB);

      a.sourceFinished().get(30, TimeUnit.SECONDS);
      b.sourceFinished().get(30, TimeUnit.SECONDS);
      // After the sources end, silence follows; wait until both recordings cover it all.
      await(
          "both recordings hold a second of audio and some more",
          () -> heardByA.size() >= 2 * ONE_SECOND && heardByB.size() >= 2 * ONE_SECOND);
      await(
          "RTCP reports in both directions",
          () -> a.stats().rtcpReceived() > 0 && b.stats().rtcpReceived() > 0);

      a.sendTelephoneEvent(TelephoneEvent.dtmfEvent('5'), 100);
      await("the DTMF digit", () -> !eventsAtB.isEmpty());
      assertThat(eventsAtB.get(0).dtmfKey()).isEqualTo('5');

      CrossCorrelation.Match toB = CrossCorrelation.bestMatch(tone, heardByB.samples(), ONE_SECOND);
      CrossCorrelation.Match toA =
          CrossCorrelation.bestMatch(speech, heardByA.samples(), ONE_SECOND);
      assertThat(toB.coefficient()).as("tone heard by b, %s", toB).isGreaterThan(0.9);
      assertThat(toA.coefficient()).as("speech heard by a, %s", toA).isGreaterThan(0.9);

      for (RtpSession s : List.of(a, b)) {
        RtpSessionStats stats = s.stats();
        assertThat(stats.packetsSent()).isGreaterThanOrEqualTo(ONE_SECOND / 160);
        assertThat(stats.packetsReceived()).isGreaterThanOrEqualTo(ONE_SECOND / 160 - 1);
        assertThat(stats.rejectedTotal()).isZero();
        assertThat(stats.unexpectedSource()).isZero();
        assertThat(stats.statusLine()).startsWith("sent ");
      }
      a.close();
      await("b hears a's RTCP BYE", () -> b.stats().remoteBye());
    }
  }

  @Test
  void ipv6LoopbackWithRtcpMux() throws Exception {
    InetAddress loopback = InetAddress.getByName("::1");
    RtpSession a;
    try {
      a = RtpSession.open(loopback, 0);
    } catch (IOException e) {
      assumeTrue(false, "IPv6 loopback unavailable: " + e);
      return;
    }
    short[] tone = TestSignals.tone(700, ONE_SECOND / 2);
    MemorySink heardByB = AudioSink.memory();
    try (a;
        RtpSession b = RtpSession.open(loopback, 0)) {
      AudioNegotiator na =
          new AudioNegotiator(
              LocalAudio.of(loopback, a.localRtpAddress().getPort()).withRtcpMux(true));
      AudioNegotiator nb =
          new AudioNegotiator(
              LocalAudio.of(loopback, b.localRtpAddress().getPort()).withRtcpMux(true));
      SessionDescription offer =
          na.createOffer(MediaDescription.RTP_AVP, Direction.SENDRECV, List.of());
      assertThat(offer.toString()).contains("c=IN IP6 ::1");
      Answer answer = nb.createAnswer(overTheWire(offer), Direction.SENDRECV, List.of());
      NegotiatedStream forA = accepted(na.processAnswer(overTheWire(answer.description())));
      NegotiatedStream forB = accepted(answer.negotiation());
      assertThat(forA.rtcpMux()).isTrue();
      a.start(config(forA), AudioSource.of(tone, false), AudioSink.discard());
      b.start(config(forB), AudioSource.silence(), heardByB);
      a.sourceFinished().get(30, TimeUnit.SECONDS);
      await("half a second recorded after the tone", () -> heardByB.size() >= ONE_SECOND * 3 / 2);
      await("RTCP over the RTP port", () -> b.stats().rtcpReceived() > 0);
      assertThat(CrossCorrelation.bestMatch(tone, heardByB.samples(), ONE_SECOND).coefficient())
          .isGreaterThan(0.9);
    }
  }
}
