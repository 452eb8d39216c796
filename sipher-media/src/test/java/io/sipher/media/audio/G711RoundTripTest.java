package io.sipher.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ITU-T G.711: every 16-bit sample survives encode and decode within half a quantisation step of
 * its segment, and the expansion tables agree with the JDK's converter.
 */
class G711RoundTripTest {
  private static final AudioFormat PCM = new AudioFormat(8000f, 16, 1, true, false);

  private static AudioFormat law(G711 g) {
    AudioFormat.Encoding e = g == G711.PCMU ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW;
    return new AudioFormat(e, 8000f, 8, 1, 1, 8000f, false);
  }

  /** Half the quantisation step of the segment a code falls in, in 16-bit units. */
  private static int halfStep(G711 g, byte code) {
    if (g == G711.PCMU) {
      int exponent = ((~code) >> 4) & 0x07;
      return 4 << exponent;
    }
    int segment = ((code ^ 0x55) >> 4) & 0x07;
    return segment == 0 ? 8 : 4 << segment;
  }

  @ParameterizedTest
  @EnumSource(G711.class)
  void everySampleWithinHalfAStep(G711 g) {
    int clip = g == G711.PCMU ? 32635 : 32767;
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      byte code = g.encode((short) x);
      int decoded = g.decode(code);
      int target = Math.max(-clip, Math.min(clip, x));
      // A-law codes negative values by their one's complement (ITU-T G.191), one unit off.
      int slack = g == G711.PCMA && x < 0 ? 1 : 0;
      assertThat(Math.abs(decoded - target))
          .as("%s %d -> %02x -> %d", g, x, code & 0xFF, decoded)
          .isLessThanOrEqualTo(halfStep(g, code) + slack);
    }
  }

  @ParameterizedTest
  @EnumSource(G711.class)
  void expansionMatchesTheJdk(G711 g) throws Exception {
    byte[] codes = new byte[256];
    for (int i = 0; i < 256; i++) {
      codes[i] = (byte) i;
    }
    AudioInputStream in =
        AudioSystem.getAudioInputStream(
            PCM, new AudioInputStream(new ByteArrayInputStream(codes), law(g), 256));
    byte[] pcm = in.readAllBytes();
    for (int i = 0; i < 256; i++) {
      short jdk = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
      assertThat(g.decode((byte) i)).as("code %02x", i).isEqualTo(jdk);
    }
  }

  @Test
  void ulawCompressionMatchesTheJdkBelowTheClipLevel() throws Exception {
    // Beyond ±32635 the JDK's encoder wraps around; ours saturates.
    int n = 2 * 32635 + 1;
    byte[] pcm = new byte[2 * n];
    for (int i = 0; i < n; i++) {
      int x = i - 32635;
      pcm[2 * i] = (byte) x;
      pcm[2 * i + 1] = (byte) (x >> 8);
    }
    AudioInputStream in =
        AudioSystem.getAudioInputStream(
            law(G711.PCMU), new AudioInputStream(new ByteArrayInputStream(pcm), PCM, n));
    byte[] jdk = in.readAllBytes();
    for (int i = 0; i < n; i++) {
      assertThat(G711.PCMU.encode((short) (i - 32635))).isEqualTo(jdk[i]);
    }
    assertThat(G711.PCMU.decode(G711.PCMU.encode(Short.MIN_VALUE))).isEqualTo((short) -32124);
  }

  @Test
  void wellKnownCodes() {
    // µ-law silence is 0xFF, A-law silence 0xD5; the extremes are 0x00/0x80 and 0x2A/0xAA.
    assertThat(G711.PCMU.encode((short) 0)).isEqualTo((byte) 0xFF);
    assertThat(G711.PCMA.encode((short) 0)).isEqualTo((byte) 0xD5);
    assertThat(G711.PCMU.encode(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
    assertThat(G711.PCMA.encode(Short.MAX_VALUE)).isEqualTo((byte) 0xAA);
    assertThat(G711.PCMA.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x2A);
    assertThat(G711.byName("pcma")).contains(G711.PCMA);
    assertThat(G711.byName("G722")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(G711.class)
  void toneSurvivesWithHighSnr(G711 g) throws Exception {
    short[] tone = new short[8000];
    AudioSource source = AudioSource.tone(1000, 0.5);
    short[] frame = new short[160];
    for (int i = 0; i < 50; i++) {
      source.read(frame);
      System.arraycopy(frame, 0, tone, i * 160, 160);
    }
    byte[] coded = new byte[tone.length];
    g.encode(tone, 0, tone.length, coded, 0);
    short[] back = new short[tone.length];
    g.decode(coded, 0, coded.length, back, 0);
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < tone.length; i++) {
      signal += (double) tone[i] * tone[i];
      noise += (double) (tone[i] - back[i]) * (tone[i] - back[i]);
    }
    // G.711 gives about 38 dB for a loud sine.
    assertThat(10 * Math.log10(signal / noise)).isGreaterThan(33);
    assertThat(CrossCorrelation.bestMatch(tone, back, 10).coefficient()).isGreaterThan(0.999);
  }
}
