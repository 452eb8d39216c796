package io.sipher.media.sdp;

import java.util.Locale;
import java.util.Optional;

/** The G.711 codec picked from a peer's m= line, with the payload type the peer gave it. */
record CodecChoice(String encoding, int clockRate, int payloadType) {

  /**
   * The first of the peer's formats that we support. In an offer the formats are in the offerer's
   * order of preference (RFC 3264 §5.1) and the answer keeps the offerer's number (§6.1); in an
   * answer they are a subset of what we offered, with the numbers we must send with.
   */
  static Optional<CodecChoice> pick(MediaDescription m, LocalAudio local) {
    for (String format : m.formats()) {
      long pt = Numbers.parse(format, 127);
      if (pt < 0) {
        continue;
      }
      String encoding = encodingOf(m, (int) pt);
      if (encoding != null && local.codecs().contains(encoding)) {
        return Optional.of(new CodecChoice(encoding, 8000, (int) pt));
      }
    }
    return Optional.empty();
  }

  /**
   * The G.711 encoding a payload type stands for: its rtpmap when present (which may map a dynamic
   * number to PCMU), else the static assignment of RFC 3551 Table 4; null for anything else.
   */
  private static String encodingOf(MediaDescription m, int pt) {
    Optional<Rtpmap> map = m.rtpmap(pt);
    if (map.isPresent()) {
      Rtpmap r = map.get();
      String name = r.encoding().toUpperCase(Locale.ROOT);
      boolean g711 = LocalAudio.KNOWN_CODECS.contains(name);
      return g711 && r.clockRate() == 8000 && r.channels() == 1 ? name : null;
    }
    if (pt == 0) {
      return "PCMU";
    }
    return pt == 8 ? "PCMA" : null;
  }
}
