package io.sipher.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.testing.Wire;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §18.3 on datagrams and the parser's limits: every limit yields a 513 or 400 value, never
 * an exception.
 */
class Rfc3261_18_3_DatagramTest {
  private final SipParser parser = new SipParser();

  private static ParseError error(ParseResult r) {
    assertThat(r).isInstanceOf(ParseResult.Malformed.class);
    return ((ParseResult.Malformed) r).error();
  }

  @Test
  void bytesAfterTheBodyAreDiscarded() {
    byte[] two = Wire.crlf(Wire.REGISTER + Wire.REGISTER);
    SipMessage m = ((ParseResult.Parsed) parser.parseDatagram(two)).message();
    assertThat(m.encodedLength()).isEqualTo(Wire.crlf(Wire.REGISTER).length);
  }

  @Test
  void withoutContentLengthTheBodyIsTheRestOfTheDatagram() {
    String text = Wire.INVITE.replace("Content-Length: 135\n", "");
    SipMessage m = ((ParseResult.Parsed) parser.parseDatagram(Wire.crlf(text))).message();
    assertThat(m.bodyLength()).isEqualTo(135);
  }

  @Test
  void datagramShorterThanContentLengthIsRefused() {
    byte[] b = Wire.crlf(Wire.INVITE.replace("Content-Length: 135", "Content-Length: 200"));
    ParseError e = error(parser.parseDatagram(b));
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.canRespond()).isTrue();
  }

  @Test
  void bareLfToleranceNeedsBareLfThroughout() {
    // every line bare LF: a text conversion changed the body's length; trust the datagram
    String lf = Wire.INVITE.replace("Content-Length: 135", "Content-Length: 200");
    byte[] allLf = lf.replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);
    assertThat(parser.parseDatagram(allLf)).isInstanceOf(ParseResult.Parsed.class);
    // mixed line ends get no benefit of the doubt (RFC 3261 §18.3)
    String text =
        new String(Wire.crlf(lf), StandardCharsets.US_ASCII)
            .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\n");
    assertThat(error(parser.parseDatagram(text.getBytes(StandardCharsets.US_ASCII))).reason())
        .isEqualTo("Content-Length larger than the datagram");
  }

  @Test
  void contentLengthWithLeadingZeros() {
    byte[] b =
        Wire.crlf(Wire.INVITE.replace("Content-Length: 135", "Content-Length: 000000000135"));
    assertThat(((ParseResult.Parsed) parser.parseDatagram(b)).message().bodyLength())
        .isEqualTo(135);
  }

  @Test
  void limitsGive513() {
    ParserLimits small = new ParserLimits(1024, 512, 128, 10, 100);
    SipParser p = new SipParser(small);
    assertThat(error(p.parseDatagram(new byte[2000])).statusCode()).isEqualTo(513);
    String manyHeaders = Wire.REGISTER.replace("Max-Forwards: 70\n", "X-A: 1\n".repeat(12));
    assertThat(error(p.parseDatagram(Wire.crlf(manyHeaders))).reason())
        .isEqualTo("Too many header fields");
    String longLine = Wire.REGISTER.replace("Max-Forwards: 70", "X-Long: " + "a".repeat(200));
    assertThat(error(p.parseDatagram(Wire.crlf(longLine))).reason())
        .isEqualTo("Header field too long");
    assertThat(
            error(
                    new SipParser(small.withMaxHeaderBytes(256).withMaxBodyBytes(1000))
                        .parseDatagram(Wire.crlf(Wire.INVITE)))
                .reason())
        .isEqualTo("Header section too large");
    String bigBody = Wire.REGISTER.replace("Content-Length: 0", "Content-Length: 101");
    assertThat(
            error(new SipParser(small.withMaxHeaderBytes(1000)).parseDatagram(Wire.crlf(bigBody)))
                .statusCode())
        .isEqualTo(513);
  }

  @Test
  void malformedLinesAreValuesNotExceptions() {
    assertThat(
            error(
                    parser.parseDatagram(
                        "INVITE sip:a@b SIP/2.0\r\nno colon here\r\n\r\n".getBytes()))
                .reason())
        .startsWith("Malformed header line");
    assertThat(
            error(
                    parser.parseDatagram(
                        "INVITE sip:a@b SIP/2.0\r\n folded first\r\n\r\n".getBytes()))
                .reason())
        .isEqualTo("Folded line before the first header");
    assertThat(
            error(parser.parseDatagram("INVITE sip:a@b SIP/2.0\r\nX: a\rb\r\n\r\n".getBytes()))
                .reason())
        .isEqualTo("Bare CR in header section");
    assertThat(error(parser.parseDatagram("SIP/2.0 99 Low\r\n\r\n".getBytes())).response())
        .isTrue();
    assertThat(error(parser.parseDatagram("garbage".getBytes())).statusCode()).isEqualTo(400);
  }

  @Test
  void utf8ReasonPhraseAndHeaderValues() {
    byte[] b =
        Wire.crlf(
            Wire.OK
                .replace("200 OK", "200 Très bien")
                .replace("Content-Length: 0", "Subject: café\nContent-Length: 0"));
    SipResponse r = (SipResponse) ((ParseResult.Parsed) parser.parseDatagram(b)).message();
    assertThat(r.reasonPhrase()).isEqualTo("Très bien");
    assertThat(r.headers().firstValue(io.sipher.message.header.HeaderName.SUBJECT))
        .isEqualTo("café");
    assertThat(new String(r.toByteArray(), StandardCharsets.UTF_8)).contains("Très bien");
  }
}
