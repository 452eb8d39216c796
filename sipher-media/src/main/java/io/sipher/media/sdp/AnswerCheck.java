package io.sipher.media.sdp;

import java.util.List;
import java.util.Optional;

/** Why an offered m= line cannot become our audio stream, if it cannot. */
final class AnswerCheck {
  private AnswerCheck() {}

  static Optional<String> problem(
      SessionDescription offer, MediaDescription m, LocalAudio local, List<String> crypto) {
    if (!m.media().equals("audio")) {
      return Optional.of("no audio stream (offered " + m.media() + ")");
    }
    if (m.isRejected()) {
      return Optional.of("the offered audio stream has port 0");
    }
    boolean savp = m.proto().equals(MediaDescription.RTP_SAVP);
    if (!savp && !m.proto().equals(MediaDescription.RTP_AVP)) {
      return Optional.of("unsupported proto " + m.proto());
    }
    if (savp && m.crypto().isEmpty()) {
      return Optional.of("RTP/SAVP offer without a=crypto");
    }
    if (savp && crypto.isEmpty()) {
      return Optional.of("no acceptable a=crypto for RTP/SAVP");
    }
    Connection c = offer.connectionOf(m);
    if (c == null) {
      return Optional.of("no c= line for the audio stream");
    }
    if (Endpoints.of(c, m.port()) == null) {
      return Optional.of("unusable address " + c.value());
    }
    if (CodecChoice.pick(m, local).isEmpty()) {
      return Optional.of("no common codec in " + String.join(" ", m.formats()));
    }
    return Optional.empty();
  }
}
