package io.sipher.ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sipher.media.audio.AudioSink;
import io.sipher.media.audio.AudioSource;
import io.sipher.media.audio.CrossCorrelation;
import io.sipher.media.audio.MemorySink;
import io.sipher.message.uri.SipUri;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call with SRTP keyed by SDES (RFC 4568) between two UAs through a sipher proxy over TLS: the
 * keys ride only in sips: signalling (§8.3), audio goes both ways encrypted, and what each side
 * records is what the other played (compared by cross-correlation, not just counted).
 */
class Rfc4568_SrtpCallTest {
  @TempDir Path dir;

  /** Noise is unlike itself at every other lag, so only the true alignment correlates. */
  private static short[] noise(long seed, int samples) {
    Random r = new Random(seed);
    short[] s = new short[samples];
    for (int i = 0; i < samples; i++) {
      s[i] = (short) (r.nextGaussian() * 4000);
    }
    return s;
  }

  @Test
  void section8_srtpAudioBothWays_throughTheProxy() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    short[] fromAlice = noise(1, 12_000); // 1.5 s
    short[] fromBob = noise(2, 12_000);
    MemorySink aliceHears = AudioSink.memory();
    MemorySink bobHears = AudioSink.memory();
    try (TestServer server = new TestServer(dir)) {
      UserAgent alice = server.agent("alice");
      UserAgent bob = server.agent("bob");
      bob.register().toCompletableFuture().get(10, TimeUnit.SECONDS);
      BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
      bob.onIncomingCall(calls::add);
      AudioMedia aliceMedia =
          new AudioMedia(
              loopback,
              AudioSource.of(fromAlice, false),
              aliceHears,
              AudioMedia.SrtpPolicy.MANDATORY);
      AudioMedia bobMedia =
          new AudioMedia(
              loopback, AudioSource.of(fromBob, false), bobHears, AudioMedia.SrtpPolicy.MANDATORY);

      Call out = alice.call(SipUri.parse("sips:bob@example.com"), aliceMedia);
      Call in = calls.poll(10, TimeUnit.SECONDS);
      assertThat(in).isNotNull();
      in.answer(bobMedia);
      out.established().toCompletableFuture().get(10, TimeUnit.SECONDS);
      in.established().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(aliceMedia.srtp()).isTrue();
      assertThat(bobMedia.srtp()).isTrue();

      // Both played 1.5 s; wait until each has heard that much and a little more.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> aliceHears.size() > 14_000 && bobHears.size() > 14_000);
      // RFC 3264 §8.4 by re-INVITE (§14.1), keeping the running SRTP keys: hold, then resume.
      out.hold().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(aliceMedia.stream().orElseThrow().direction())
          .isEqualTo(io.sipher.media.sdp.Direction.SENDONLY);
      assertThat(bobMedia.stream().orElseThrow().direction())
          .isEqualTo(io.sipher.media.sdp.Direction.RECVONLY);
      out.resume().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(aliceMedia.stream().orElseThrow().direction())
          .isEqualTo(io.sipher.media.sdp.Direction.SENDRECV);
      assertThat(bobMedia.stream().orElseThrow().direction())
          .isEqualTo(io.sipher.media.sdp.Direction.SENDRECV);
      assertThat(out.state()).isEqualTo(Call.State.ESTABLISHED);

      out.hangUp();
      in.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);

      var bobGotAlice = CrossCorrelation.bestMatch(fromAlice, bobHears.samples(), 8_000);
      var aliceGotBob = CrossCorrelation.bestMatch(fromBob, aliceHears.samples(), 8_000);
      assertThat(bobGotAlice.coefficient()).as("bob hears alice").isGreaterThan(0.9);
      assertThat(aliceGotBob.coefficient()).as("alice hears bob").isGreaterThan(0.9);
      // And not merely any audio: alice's own noise is not what bob heard.
      assertThat(CrossCorrelation.bestMatch(fromBob, bobHears.samples(), 8_000).coefficient())
          .isLessThan(0.3);
      assertThat(aliceMedia.stats().orElseThrow().statusLine()).isNotBlank();
    }
  }

  @Test
  void section8_3_sdesKeysOverPlainSignalling_areRefused() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    AudioMedia offerer =
        new AudioMedia(
            loopback, AudioSource.silence(), AudioSink.discard(), AudioMedia.SrtpPolicy.OPTIONAL);
    AudioMedia answerer =
        new AudioMedia(
            loopback, AudioSource.silence(), AudioSink.discard(), AudioMedia.SrtpPolicy.OPTIONAL);
    try {
      String savp = new String(offerer.offer(true), StandardCharsets.US_ASCII);
      assertThat(savp).contains("RTP/SAVP").contains("a=crypto:");

      // The same offer arriving over a hop that was not TLS: its keys are spoiled, refuse it.
      assertThatThrownBy(() -> answerer.answer(savp.getBytes(StandardCharsets.US_ASCII), false))
          .isInstanceOf(CallMedia.MediaException.class)
          .hasMessageContaining("not TLS");
      // And we never put keys in an offer that would go that way.
      String plain = new String(answerer.offer(false), StandardCharsets.US_ASCII);
      assertThat(plain).contains("RTP/AVP").doesNotContain("a=crypto");
    } finally {
      offerer.close();
      answerer.close();
    }
  }

  @Test
  void mandatoryPolicy_refusesPlainRtp() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    AudioMedia plainOfferer =
        new AudioMedia(
            loopback, AudioSource.silence(), AudioSink.discard(), AudioMedia.SrtpPolicy.OFF);
    AudioMedia strict =
        new AudioMedia(
            loopback, AudioSource.silence(), AudioSink.discard(), AudioMedia.SrtpPolicy.MANDATORY);
    try {
      byte[] offer = plainOfferer.offer(true);
      assertThatThrownBy(() -> strict.answer(offer, true))
          .isInstanceOf(CallMedia.MediaException.class)
          .hasMessageContaining("mandatory");
      assertThatThrownBy(() -> strict.offer(false))
          .isInstanceOf(CallMedia.MediaException.class)
          .hasMessageContaining("mandatory");
    } finally {
      plainOfferer.close();
      strict.close();
    }
  }
}
