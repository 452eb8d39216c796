package io.sipher.media.sdp;

/**
 * Writes a {@link SessionDescription} in the line order RFC 8866 §5 requires, every line ended by
 * CRLF.
 */
public final class SdpWriter {
  private static final String CRLF = "\r\n";

  private SdpWriter() {}

  /** The description as text. */
  public static String write(SessionDescription sdp) {
    StringBuilder out = new StringBuilder(512);
    line(out, 'v', "0");
    line(out, 'o', sdp.origin().value());
    line(out, 's', sdp.sessionName());
    others(out, sdp, "iuep");
    if (sdp.connection() != null) {
      line(out, 'c', sdp.connection().value());
    }
    for (Bandwidth b : sdp.bandwidths()) {
      line(out, 'b', b.value());
    }
    for (Timing t : sdp.timings()) {
      line(out, 't', t.value());
      for (String r : t.repeats()) {
        line(out, 'r', r);
      }
    }
    others(out, sdp, "zk");
    for (Attribute a : sdp.attributes()) {
      line(out, 'a', a.text());
    }
    for (MediaDescription m : sdp.media()) {
      writeMedia(out, m);
    }
    return out.toString();
  }

  private static void writeMedia(StringBuilder out, MediaDescription m) {
    line(out, 'm', m.mediaLineValue());
    for (SdpLine l : m.otherLines()) {
      if (l.type() == 'i') {
        line(out, 'i', l.value());
      }
    }
    if (m.connection() != null) {
      line(out, 'c', m.connection().value());
    }
    for (Bandwidth b : m.bandwidths()) {
      line(out, 'b', b.value());
    }
    for (SdpLine l : m.otherLines()) {
      if (l.type() != 'i') {
        line(out, l.type(), l.value());
      }
    }
    for (Attribute a : m.attributes()) {
      line(out, 'a', a.text());
    }
  }

  /** The uninterpreted lines of the given types, in type order, each type in its given order. */
  private static void others(StringBuilder out, SessionDescription sdp, String types) {
    for (int i = 0; i < types.length(); i++) {
      char type = types.charAt(i);
      for (SdpLine l : sdp.otherLines()) {
        if (l.type() == type) {
          line(out, type, l.value());
        }
      }
    }
  }

  private static void line(StringBuilder out, char type, String value) {
    out.append(type).append('=').append(value).append(CRLF);
  }
}
