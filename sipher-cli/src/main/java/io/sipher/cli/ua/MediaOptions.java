package io.sipher.cli.ua;

import io.sipher.media.audio.AudioSink;
import io.sipher.media.audio.AudioSource;
import io.sipher.ua.AudioMedia;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** What a call plays and records, and whether it must be SRTP. */
final class MediaOptions {
  @Option(
      names = "--play",
      paramLabel = "WAV",
      description = "What we send: a WAV file (8 kHz mono 16-bit, or anything the JDK converts).")
  Path play;

  @Option(names = "--record", paramLabel = "WAV", description = "Record what we hear to this WAV.")
  Path record;

  @Option(
      names = "--srtp",
      paramLabel = "mandatory|optional|off",
      description =
          "SRTP with SDES keys (only over TLS). Default: mandatory over TLS, off otherwise.")
  String srtp;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "Hang up after this long in the call (e.g. 10s); default: when --play has played, or"
              + " when the other side hangs up.")
  String duration;

  AudioMedia.SrtpPolicy policy(boolean tls) {
    if (srtp == null) {
      return tls ? AudioMedia.SrtpPolicy.MANDATORY : AudioMedia.SrtpPolicy.OFF;
    }
    try {
      return AudioMedia.SrtpPolicy.valueOf(srtp.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UaCliException("--srtp must be mandatory, optional or off, not " + srtp);
    }
  }

  /** A new call's media: the source and sink opened now, so a bad file fails before dialling. */
  AudioMedia media(InetAddress local, boolean tls, Path recordTo) {
    AudioSource source;
    try {
      source = play == null ? AudioSource.silence() : AudioSource.wav(play, false);
    } catch (IOException e) {
      throw new UaCliException("--play " + play + ": " + e.getMessage());
    }
    AudioSink sink;
    try {
      sink = recordTo == null ? AudioSink.discard() : AudioSink.wav(recordTo);
    } catch (IOException e) {
      throw new UaCliException("--record " + recordTo + ": " + e.getMessage());
    }
    return new AudioMedia(local, source, sink, policy(tls));
  }
}
