package io.sipher.media.sdp;

import static io.sipher.media.sdp.SdpParser.fields;
import static io.sipher.media.sdp.SdpParser.isToken;

import io.sipher.media.sdp.SdpParser.Failure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The parser's state while lines arrive: the session level, then one media level at a time. */
final class SdpBuilderState {
  private final SdpLimits limits;
  private int fieldIndex;
  private char previousType;
  private Origin origin;
  private String sessionName;
  private final SessionDescription.Builder session = SessionDescription.builder(null);
  private final List<Timing> timings = new ArrayList<>();
  private final Set<Character> seenAtLevel = new HashSet<>();
  private final List<MediaDescription> media = new ArrayList<>();
  private MediaDescription.Builder current;
  private int attributeCount;

  SdpBuilderState(SdpLimits limits) {
    this.limits = limits;
  }

  void accept(int line, char type, String value) {
    fieldIndex++;
    // RFC 8866 §5: v=, o=, s= open every description, in this order.
    if (fieldIndex <= 3) {
      char expected = "vos".charAt(fieldIndex - 1);
      if (type != expected) {
        throw new Failure(line, "expected " + expected + "= but found " + type + "=");
      }
    }
    if (type == 'm') {
      startMedia(line, value);
    } else if (current != null) {
      acceptMedia(line, type, value);
    } else {
      acceptSession(line, type, value);
    }
    previousType = type;
  }

  private void acceptSession(int line, char type, String value) {
    switch (type) {
      case 'v':
        once(line, type);
        if (!value.equals("0")) {
          throw new Failure(line, "unsupported SDP version " + value + " (only v=0)");
        }
        break;
      case 'o':
        once(line, type);
        origin = origin(line, value);
        break;
      case 's':
        once(line, type);
        sessionName = value;
        break;
      case 'i':
      case 'u':
      case 'z':
      case 'k':
        once(line, type);
        session.addOtherLine(new SdpLine(type, value));
        break;
      case 'e':
      case 'p':
        session.addOtherLine(new SdpLine(type, value));
        break;
      case 'c':
        once(line, type);
        session.connection(connection(line, value));
        break;
      case 'b':
        session.addBandwidth(bandwidth(line, value));
        break;
      case 't':
        timings.add(timing(line, value));
        break;
      case 'r':
        if (previousType != 't' && previousType != 'r') {
          throw new Failure(line, "r= must follow a t= line");
        }
        Timing last = timings.remove(timings.size() - 1);
        List<String> repeats = new ArrayList<>(last.repeats());
        repeats.add(value);
        timings.add(new Timing(last.start(), last.stop(), repeats));
        break;
      case 'a':
        Attribute a = attribute(line, value);
        session.addAttribute(a.name(), a.value());
        break;
      default:
        throw unknown(line, type);
    }
  }

  private void acceptMedia(int line, char type, String value) {
    switch (type) {
      case 'i':
      case 'k':
        once(line, type);
        current.addOtherLine(new SdpLine(type, value));
        break;
      case 'c':
        once(line, type);
        current.connection(connection(line, value));
        break;
      case 'b':
        current.addBandwidth(bandwidth(line, value));
        break;
      case 'a':
        current.addAttribute(attribute(line, value));
        break;
      case 'v':
      case 'o':
      case 's':
      case 'u':
      case 'e':
      case 'p':
      case 't':
      case 'r':
      case 'z':
        throw new Failure(line, type + "= is not allowed in a media description");
      default:
        throw unknown(line, type);
    }
  }

  private static Failure unknown(int line, char type) {
    return new Failure(line, "unknown line type " + type + "=");
  }

  private void once(int line, char type) {
    if (!seenAtLevel.add(type)) {
      throw new Failure(line, "more than one " + type + "= line");
    }
  }

  private void startMedia(int line, String value) {
    if (timings.isEmpty()) {
      throw new Failure(line, "m= line before any t= line");
    }
    if (media.size() + (current == null ? 0 : 1) >= limits.maxMediaDescriptions()) {
      throw new Failure(line, "more than " + limits.maxMediaDescriptions() + " media descriptions");
    }
    closeMedia();
    seenAtLevel.clear();
    List<String> f = fields(value);
    if (f.size() < 4) {
      throw new Failure(line, "m= needs media, port, proto and at least one format");
    }
    if (!isToken(f.get(0))) {
      throw new Failure(line, "bad media type " + f.get(0));
    }
    String portField = f.get(1);
    int slash = portField.indexOf('/');
    long port = Numbers.parse(slash < 0 ? portField : portField.substring(0, slash), 65535);
    long count = slash < 0 ? 1 : Numbers.parse(portField.substring(slash + 1), 65535);
    if (port < 0 || count < 1) {
      throw new Failure(line, "bad port " + portField);
    }
    if (!isProto(f.get(2))) {
      throw new Failure(line, "bad proto " + f.get(2));
    }
    current =
        MediaDescription.builder(f.get(0), (int) port, f.get(2))
            .portCount((int) count)
            .formats(f.subList(3, f.size()));
  }

  private void closeMedia() {
    if (current != null) {
      media.add(current.build());
      current = null;
    }
  }

  SessionDescription finish(int lastLine) {
    if (fieldIndex == 0) {
      throw new Failure(0, "empty description");
    }
    if (origin == null || sessionName == null) {
      throw new Failure(lastLine, "description ends before its " + (origin == null ? "o=" : "s="));
    }
    if (timings.isEmpty()) {
      throw new Failure(lastLine, "no t= line");
    }
    closeMedia();
    return session.origin(origin).sessionName(sessionName).timings(timings).media(media).build();
  }

  private static Origin origin(int line, String value) {
    List<String> f = fields(value);
    if (f.size() != 6) {
      throw new Failure(
          line, "o= needs username, sess-id, sess-version, nettype, addrtype and address");
    }
    long version = Numbers.parse(f.get(2), Long.MAX_VALUE);
    if (version < 0 || !digits(f.get(1))) {
      throw new Failure(line, "o= session id and version must be numbers below 10^18");
    }
    if (!isToken(f.get(3)) || !isToken(f.get(4))) {
      throw new Failure(line, "bad o= nettype or addrtype");
    }
    return new Origin(f.get(0), f.get(1), version, f.get(3), f.get(4), f.get(5));
  }

  private static Connection connection(int line, String value) {
    List<String> f = fields(value);
    if (f.size() != 3 || !isToken(f.get(0)) || !isToken(f.get(1))) {
      throw new Failure(line, "c= needs nettype, addrtype and address");
    }
    return new Connection(f.get(0), f.get(1), f.get(2));
  }

  private static Bandwidth bandwidth(int line, String value) {
    int colon = value.indexOf(':');
    long kbps = colon < 0 ? -1 : Numbers.parse(value.substring(colon + 1), Long.MAX_VALUE);
    if (colon <= 0 || kbps < 0 || !isToken(value.substring(0, colon))) {
      throw new Failure(line, "b= must be <bwtype>:<bandwidth>");
    }
    return new Bandwidth(value.substring(0, colon), kbps);
  }

  private static Timing timing(int line, String value) {
    List<String> f = fields(value);
    long start = f.size() == 2 ? Numbers.parse(f.get(0), Long.MAX_VALUE) : -1;
    long stop = f.size() == 2 ? Numbers.parse(f.get(1), Long.MAX_VALUE) : -1;
    if (start < 0 || stop < 0) {
      throw new Failure(line, "t= must be <start-time> <stop-time>");
    }
    return new Timing(start, stop, List.of());
  }

  private Attribute attribute(int line, String value) {
    if (++attributeCount > limits.maxAttributes()) {
      throw new Failure(line, "more than " + limits.maxAttributes() + " attributes");
    }
    int colon = value.indexOf(':');
    String name = colon < 0 ? value : value.substring(0, colon);
    if (!isToken(name)) {
      throw new Failure(line, "bad attribute name \"" + name + "\"");
    }
    return new Attribute(name, colon < 0 ? null : value.substring(colon + 1));
  }

  private static boolean isProto(String proto) {
    for (String part : proto.split("/", -1)) {
      if (!isToken(part)) {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(String s) {
    return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
