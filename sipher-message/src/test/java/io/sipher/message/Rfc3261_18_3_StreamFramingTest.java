package io.sipher.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.testing.Wire;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 3261 §18.3 (framing on stream transports by Content-Length) and RFC 5626 §3.5.1 (CRLF
 * keep-alives), fed whole, split at every byte offset, and one byte at a time, with CRLF and with
 * bare-LF line ends.
 */
class Rfc3261_18_3_StreamFramingTest {

  record Variant(String name, byte[] stream, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Variant> variants() {
    return Stream.of(variant("CRLF", false), variant("LF", true));
  }

  /** REGISTER, a ping, INVITE with a body, 200 OK: as events, pings included, pongs left out. */
  private static Variant variant(String name, boolean bareLf) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    List<String> expected = new ArrayList<>();
    for (String m : List.of(Wire.REGISTER, "PING", Wire.INVITE, Wire.OK)) {
      if (m.equals("PING")) {
        s.writeBytes("\r\n\r\n".getBytes());
        expected.add("PING");
        continue;
      }
      byte[] bytes = bareLf ? lf(m) : Wire.crlf(m);
      s.writeBytes(bytes);
      expected.add("MESSAGE " + new String(bytes).lines().findFirst().orElseThrow());
    }
    return new Variant(name, s.toByteArray(), expected);
  }

  /** LF line ends, with the body's length recomputed so that Content-Length stays right. */
  private static byte[] lf(String text) {
    String t = text.replace("\r\n", "\n");
    int split = t.indexOf("\n\n") + 2;
    String body = t.substring(split);
    return t.substring(0, split)
        .replaceAll("Content-Length: \\d+", "Content-Length: " + body.length())
        .concat(body)
        .getBytes();
  }

  private static List<String> describe(List<ParseResult> results, boolean keepPongs) {
    List<String> out = new ArrayList<>();
    for (ParseResult r : results) {
      if (r instanceof ParseResult.Parsed p) {
        out.add("MESSAGE " + p.message().startLine());
      } else if (r instanceof ParseResult.KeepAlive k) {
        if (k.kind() == ParseResult.KeepAlive.Kind.PING || keepPongs) {
          out.add(k.kind().name());
        }
      } else {
        out.add("MALFORMED " + ((ParseResult.Malformed) r).error());
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void wholeStreamYieldsEveryMessageInOrder(Variant v) {
    StreamFramer framer = new StreamFramer();
    List<ParseResult> got = new ArrayList<>();
    framer.feed(v.stream(), got::add);
    assertThat(describe(got, true)).isEqualTo(v.expected());
    assertThat(framer.buffered()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void splitAtEveryOffsetYieldsTheSameMessages(Variant v) {
    byte[] s = v.stream();
    for (int cut = 1; cut < s.length; cut++) {
      StreamFramer framer = new StreamFramer();
      List<ParseResult> got = new ArrayList<>();
      framer.feed(s, 0, cut, got::add);
      framer.feed(s, cut, s.length - cut, got::add);
      assertThat(describe(got, false)).as("cut at %d", cut).isEqualTo(v.expected());
      assertThat(framer.buffered()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void oneByteAtATimeYieldsTheSameMessages(Variant v) {
    StreamFramer framer = new StreamFramer();
    List<ParseResult> got = new ArrayList<>();
    byte[] s = v.stream();
    for (int i = 0; i < s.length; i++) {
      framer.feed(s, i, 1, got::add);
    }
    assertThat(describe(got, false)).isEqualTo(v.expected());
  }

  @Test
  void messagesKeepTheirExactBytes() {
    byte[] invite = Wire.crlf(Wire.INVITE);
    List<ParseResult> got = new ArrayList<>();
    new StreamFramer().feed(invite, got::add);
    SipMessage m = ((ParseResult.Parsed) got.get(0)).message();
    assertThat(m.toByteArray()).isEqualTo(invite);
    assertThat(m.bodyLength()).isEqualTo(135);
  }

  @Test
  void missingContentLengthIsFatalButAnswerable() {
    String noLength = Wire.REGISTER.replace("Content-Length: 0\n", "");
    StreamFramer framer = new StreamFramer();
    List<ParseResult> got = new ArrayList<>();
    framer.feed(Wire.crlf(noLength), got::add);
    framer.feed(Wire.crlf(Wire.REGISTER), got::add);
    assertThat(got).hasSize(1);
    ParseError e = ((ParseResult.Malformed) got.get(0)).error();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.reason()).contains("Content-Length");
    assertThat(e.fatal()).isTrue();
    assertThat(e.canRespond()).isTrue();
    assertThat(framer.isClosed()).isTrue();
  }

  @Test
  void negativeContentLengthIsFatal() {
    List<ParseResult> got = new ArrayList<>();
    new StreamFramer()
        .feed(
            Wire.crlf(Wire.REGISTER.replace("Content-Length: 0", "Content-Length: -999")),
            got::add);
    ParseError e = ((ParseResult.Malformed) got.get(0)).error();
    assertThat(e.fatal()).isTrue();
    assertThat(e.reason()).isEqualTo("Malformed Content-Length");
  }

  @Test
  void badStartLineWithIntactFramingDoesNotEndTheStream() {
    String bad =
        Wire.REGISTER.replace("REGISTER sips:example.com SIP/2.0", "REGISTER  sips:x SIP/2.0");
    StreamFramer framer = new StreamFramer();
    List<ParseResult> got = new ArrayList<>();
    framer.feed(Wire.crlf(bad + Wire.REGISTER), got::add);
    assertThat(got).hasSize(2);
    ParseError e = ((ParseResult.Malformed) got.get(0)).error();
    assertThat(e.fatal()).isFalse();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(got.get(1)).isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void headerSectionBeyondTheLimitIsRefusedWithoutBufferingMore() {
    ParserLimits limits = ParserLimits.DEFAULTS.withMaxHeaderBytes(1024);
    StreamFramer framer = new StreamFramer(limits);
    List<ParseResult> got = new ArrayList<>();
    framer.feed("OPTIONS sip:a@b SIP/2.0\r\n".getBytes(), got::add);
    byte[] filler = "X-Filler: 0123456789012345678901234567890123456789\r\n".getBytes();
    for (int i = 0; i < 40 && got.isEmpty(); i++) {
      framer.feed(filler, got::add);
    }
    ParseError e = ((ParseResult.Malformed) got.get(0)).error();
    assertThat(e.statusCode()).isEqualTo(513);
    assertThat(e.fatal()).isTrue();
    assertThat(framer.buffered()).isZero();
  }

  @Test
  void bodyBeyondTheLimitIsRefusedFromContentLengthAlone() {
    List<ParseResult> got = new ArrayList<>();
    new StreamFramer()
        .feed(
            Wire.crlf(Wire.REGISTER.replace("Content-Length: 0", "Content-Length: 10000000")),
            got::add);
    ParseError e = ((ParseResult.Malformed) got.get(0)).error();
    assertThat(e.statusCode()).isEqualTo(513);
    assertThat(e.fatal()).isTrue();
  }

  @Test
  void idleFramerHoldsNoBuffer() {
    StreamFramer framer = new StreamFramer();
    byte[] r = Wire.crlf(Wire.REGISTER);
    framer.feed(r, 0, 10, x -> {});
    assertThat(framer.buffered()).isEqualTo(10);
    framer.feed(r, 10, r.length - 10, x -> {});
    assertThat(framer.buffered()).isZero();
  }
}
