package io.sipher.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8866 §5: the examples parse and write back, bad lines give the line number and reason. */
class Rfc8866_5_SdpParserTest {
  private final SdpParser parser = new SdpParser();

  /** The example of RFC 8866 §5. */
  static final String RFC8866_EXAMPLE =
      String.join(
          "\r\n",
          "v=0",
          "o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1",
          "s=Call to John Smith",
          "i=SDP Offer #1",
          "u=http://www.jdoe.example.com/home.html",
          "e=Jane Doe <jane@jdoe.example.com>",
          "p=+1 617 555-6011",
          "c=IN IP4 198.51.100.1",
          "t=0 0",
          "m=audio 49170 RTP/AVP 0",
          "m=audio 49180 RTP/AVP 0",
          "m=video 51372 RTP/AVP 99",
          "c=IN IP6 2001:db8::2",
          "a=rtpmap:99 h263-1998/90000",
          "");

  /** The multicast example of RFC 4566 §5, with a session-level direction. */
  static final String RFC4566_EXAMPLE =
      String.join(
          "\n",
          "v=0",
          "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5",
          "s=SDP Seminar",
          "i=A Seminar on the session description protocol",
          "u=http://www.example.com/seminars/sdp.pdf",
          "e=j.doe@example.com (Jane Doe)",
          "c=IN IP4 224.2.17.12/127",
          "t=2873397496 2873404696",
          "a=recvonly",
          "m=audio 49170 RTP/AVP 0",
          "m=video 51372 RTP/AVP 99",
          "a=rtpmap:99 h263-1998/90000",
          "");

  static SessionDescription parse(String text) {
    SdpParseResult r = new SdpParser().parse(text);
    assertThat(r).as("%s", r).isInstanceOf(SdpParseResult.Parsed.class);
    return ((SdpParseResult.Parsed) r).description();
  }

  private SdpParseResult.Malformed malformed(String text) {
    SdpParseResult r = parser.parse(text);
    assertThat(r).isInstanceOf(SdpParseResult.Malformed.class);
    return (SdpParseResult.Malformed) r;
  }

  @Test
  void rfc8866ExampleParses() {
    SessionDescription sdp = parse(RFC8866_EXAMPLE);
    assertThat(sdp.origin())
        .isEqualTo(new Origin("jdoe", "3724394400", 3724394405L, "IN", "IP4", "198.51.100.1"));
    assertThat(sdp.sessionName()).isEqualTo("Call to John Smith");
    assertThat(sdp.otherLines()).extracting(SdpLine::type).containsExactly('i', 'u', 'e', 'p');
    assertThat(sdp.connection()).isEqualTo(new Connection("IN", "IP4", "198.51.100.1"));
    assertThat(sdp.timings()).containsExactly(Timing.PERMANENT);
    assertThat(sdp.media()).hasSize(3);
    MediaDescription video = sdp.media().get(2);
    assertThat(video.mediaLineValue()).isEqualTo("video 51372 RTP/AVP 99");
    assertThat(sdp.connectionOf(video)).isEqualTo(new Connection("IN", "IP6", "2001:db8::2"));
    assertThat(sdp.connectionOf(sdp.media().get(0)).address()).isEqualTo("198.51.100.1");
    assertThat(video.rtpmap(99)).contains(new Rtpmap(99, "h263-1998", 90000, null));
  }

  @Test
  void rfc8866ExampleIsWrittenBackByteForByte() {
    assertThat(parse(RFC8866_EXAMPLE).toString()).isEqualTo(RFC8866_EXAMPLE);
  }

  @Test
  void lfOnlyAndMissingFinalLineEndAreAccepted() {
    SessionDescription sdp = parse(RFC4566_EXAMPLE);
    assertThat(sdp.connection().address()).isEqualTo("224.2.17.12/127");
    assertThat(sdp.timings()).containsExactly(new Timing(2873397496L, 2873404696L, List.of()));
    // Session-level direction applies to every stream without its own (RFC 3264 §5.1).
    assertThat(sdp.directionOf(sdp.media().get(0))).isEqualTo(Direction.RECVONLY);
    // Written back with CRLF.
    assertThat(sdp.toString()).isEqualTo(RFC4566_EXAMPLE.replace("\n", "\r\n"));
    String noFinalEnd = RFC4566_EXAMPLE.strip();
    assertThat(parse(noFinalEnd)).isEqualTo(sdp);
    String mixed = RFC8866_EXAMPLE.replaceFirst("\r\n", "\n");
    assertThat(parse(mixed)).isEqualTo(parse(RFC8866_EXAMPLE));
  }

  @Test
  void bytesAreUtf8() {
    String text = RFC8866_EXAMPLE.replace("Call to John Smith", "Appel à Zoë");
    SdpParseResult r = parser.parse(text.getBytes(StandardCharsets.UTF_8));
    assertThat(((SdpParseResult.Parsed) r).description().sessionName()).isEqualTo("Appel à Zoë");
  }

  @Test
  void attributeHelpers() {
    SessionDescription sdp =
        parse(
            "v=0\n"
                + "o=- 1 1 IN IP6 2001:db8::1\n"
                + "s=-\n"
                + "c=IN IP6 2001:db8::1\n"
                + "t=0 0\n"
                + "m=audio 5004/2 RTP/SAVP 0 101\n"
                + "b=AS:64\n"
                + "a=rtpmap:101 telephone-event/8000\n"
                + "a=fmtp:101 0-16\n"
                + "a=ptime:20.0\n"
                + "a=sendonly\n"
                + "a=rtcp-mux\n"
                + "a=rtcp:5010 IN IP4 192.0.2.7\n"
                + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\n"
                + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj\n"
                + "a=x-unknown:kept as written\n");
    MediaDescription m = sdp.media().get(0);
    assertThat(m.portCount()).isEqualTo(2);
    assertThat(m.bandwidths()).containsExactly(new Bandwidth("AS", 64));
    assertThat(m.rtpmap(101)).contains(new Rtpmap(101, "telephone-event", 8000, null));
    assertThat(m.rtpmap(0)).isEmpty();
    assertThat(m.fmtp(101)).contains("0-16");
    assertThat(m.ptime()).isEqualTo(OptionalInt.of(20));
    assertThat(m.direction()).contains(Direction.SENDONLY);
    assertThat(m.rtcpMux()).isTrue();
    assertThat(m.rtcp())
        .contains(new RtcpAttribute(5010, new Connection("IN", "IP4", "192.0.2.7")));
    assertThat(m.crypto()).hasSize(2).allMatch(c -> c.contains("inline:"));
    assertThat(m.attributeValues("x-unknown")).containsExactly("kept as written");
    assertThat(sdp.toString()).contains("m=audio 5004/2 RTP/SAVP 0 101\r\nb=AS:64\r\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "o=first|1|expected v= but found o=",
        "v=1|1|unsupported SDP version 1",
        "v=0\\no=a 1 2 IN IP4|2|o= needs username",
        "v=0\\no=a x 2 IN IP4 h|2|o= session id and version must be numbers",
        "v=0\\no=a 1 2 IN IP4 h\\nc=IN IP4 h|3|expected s= but found c=",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\ns=again|4|more than one s= line",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nm=audio 1 RTP/AVP 0|4|m= line before any t= line",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nt=0|4|t= must be <start-time> <stop-time>",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nr=7d 1h 0 25h|4|r= must follow a t= line",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nb=AS|4|b= must be <bwtype>:<bandwidth>",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nc=IN IP4|4|c= needs nettype, addrtype and address",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nx=extension|4|unknown line type x=",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nV=0|4|line type must be one lower-case letter",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nhello|4|not a <type>=<value> line",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\na=:x|4|bad attribute name",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\n\\nt=0 0|4|empty line inside the description",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nt=0 0\\nm=audio 1 RTP/AVP|5|m= needs media",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nt=0 0\\nm=audio 70000 RTP/AVP 0|5|bad port 70000",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nt=0 0\\nm=audio 1/0 RTP/AVP 0|5|bad port 1/0",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nt=0 0\\nm=audio 1 RTP//AVP 0|5|bad proto",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nt=0 0\\nm=audio 1 RTP/AVP 0\\ns=late|6|s= is not allowed in a media description",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-\\nt=0 0\\nm=audio 1 RTP/AVP 0\\nc=IN IP4 a\\nc=IN IP4 b|7|more than one c= line",
        "v=0\\no=a 1 2 IN IP4 h\\ns=-|3|no t= line",
        "v=0\\no=a 1 2 IN IP4 h|2|description ends before its s=",
      })
  void badLinesAreReportedWithTheirNumber(String text, int line, String reason) {
    SdpParseResult.Malformed m = malformed(text.replace("\\n", "\r\n"));
    assertThat(m.line()).isEqualTo(line);
    assertThat(m.reason()).startsWith(reason);
    assertThat(m.toString()).isEqualTo("line " + line + ": " + m.reason());
  }

  @Test
  void controlCharactersInsideALine() {
    assertThat(malformed("v=0\r\no=a 1 2 IN IP4 h\r\ns=a\rb\r\nt=0 0\r\n").line()).isEqualTo(3);
    assertThat(malformed("v=0\no=a 1 2 IN IP4 h\ns=a\0b\nt=0 0\n").reason())
        .isEqualTo("CR or NUL inside a line");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\r\n", "\n\n"})
  void emptyInput(String text) {
    SdpParseResult.Malformed m = malformed(text);
    assertThat(m.line()).isZero();
    assertThat(m.reason()).isEqualTo("empty description");
  }

  @Test
  void limits() {
    SdpLimits small = new SdpLimits(400, 60, 2, 3);
    SdpParser p = new SdpParser(small);
    String head = "v=0\no=a 1 2 IN IP4 h\ns=-\nt=0 0\n";
    assertThat(p.parse(head + "a=x\n".repeat(100))).isInstanceOf(SdpParseResult.Malformed.class);
    assertThat(((SdpParseResult.Malformed) p.parse(head + "a=x\n".repeat(100))).line()).isZero();
    assertThat(((SdpParseResult.Malformed) p.parse(head + "a=" + "x".repeat(60))).reason())
        .isEqualTo("line longer than 60 characters");
    String threeMedia = head + "m=audio 1 RTP/AVP 0\n".repeat(3);
    SdpParseResult.Malformed media = (SdpParseResult.Malformed) p.parse(threeMedia);
    assertThat(media.line()).isEqualTo(7);
    assertThat(media.reason()).isEqualTo("more than 2 media descriptions");
    SdpParseResult.Malformed attrs =
        (SdpParseResult.Malformed) p.parse(head + "a=x\nm=audio 1 RTP/AVP 0\na=y\na=z\na=w\n");
    assertThat(attrs.line()).isEqualTo(9);
    assertThat(attrs.reason()).isEqualTo("more than 3 attributes");
    byte[] big = new byte[SdpLimits.DEFAULTS.maxBytes() + 1];
    assertThat(parser.parse(big)).isInstanceOf(SdpParseResult.Malformed.class);
  }

  @Test
  void toleratedDeviations() {
    // Runs of spaces, an empty s=, a= before c= in a media description, trailing blank lines.
    SessionDescription sdp =
        parse(
            "v=0\r\no=-  1  2 IN IP4 192.0.2.1\r\ns=\r\nt=0 0\r\nm=audio  4000 RTP/AVP  0\r\n"
                + "a=sendrecv\r\nc=IN IP4 192.0.2.1\r\n\r\n\r\n");
    assertThat(sdp.origin().sessionVersion()).isEqualTo(2);
    assertThat(sdp.sessionName()).isEmpty();
    assertThat(sdp.media().get(0).formats()).containsExactly("0");
    assertThat(sdp.media().get(0).connection()).isNotNull();
  }

  @Test
  void repeatTimesStayWithTheirTiming() {
    SessionDescription sdp =
        parse(
            "v=0\no=a 1 2 IN IP4 h\ns=-\nt=3034423619 3042462419\nr=604800 3600 0 90000\n"
                + "z=2882844526 -1h 2898848070 0\n");
    assertThat(sdp.timings().get(0).repeats()).containsExactly("604800 3600 0 90000");
    assertThat(sdp.toString())
        .isEqualTo(
            "v=0\r\no=a 1 2 IN IP4 h\r\ns=-\r\nt=3034423619 3042462419\r\n"
                + "r=604800 3600 0 90000\r\nz=2882844526 -1h 2898848070 0\r\n");
  }
}
