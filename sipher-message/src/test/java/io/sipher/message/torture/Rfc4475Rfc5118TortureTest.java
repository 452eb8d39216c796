package io.sipher.message.torture;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.ParseResult;
import io.sipher.message.SipMessage;
import io.sipher.message.SipParser;
import io.sipher.message.validate.DatagramCheck;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 4475 (SIP torture test messages) and RFC 5118 (IPv6 torture messages): every message gets the
 * verdict the corpus manifest gives, read as one UDP datagram.
 */
class Rfc4475Rfc5118TortureTest {
  @org.junit.jupiter.api.BeforeAll
  static void corpusPresent() {
    io.sipher.message.torture.TortureCorpus.assumePresent();
  }

  private final DatagramCheck check = new DatagramCheck();
  private final SipParser parser = new SipParser();

  static Stream<TortureCorpus.Entry> corpus() {
    return TortureCorpus.entries();
  }

  static Stream<TortureCorpus.Entry> validMessages() {
    return TortureCorpus.entries().filter(TortureCorpus.Entry::isValid);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("corpus")
  void verdictMatchesManifest(TortureCorpus.Entry e) {
    DatagramCheck.Result r = check.check(e.bytes());
    if (e.verdict().equals("n/a")) {
      return; // in the archive but used by no section: it only must not break the parser
    }
    if (e.isValid()) {
      assertThat(r.valid()).as("%s: %s", e, r).isTrue();
      assertThat(r.keepAlive()).isFalse();
      return;
    }
    assertThat(r.valid()).as("%s should be refused: %s", e, e.reason()).isFalse();
    if (e.expectsDrop()) {
      assertThat(r.discard()).as("%s should be discarded, got %s", e, r).isTrue();
    } else {
      assertThat(r.statusCode()).as("%s: %s", e, r).isEqualTo(e.expectedStatus());
    }
    if (e.isSemantic()) {
      assertThat(r.stage())
          .as("%s is well-formed: the parser must accept it (%s)", e, r)
          .isEqualTo(DatagramCheck.Stage.VALIDATE);
    }
    assertThat(r.reason()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validMessages")
  void unmodifiedMessageIsWrittenBackByteForByte(TortureCorpus.Entry e) {
    byte[] bytes = e.bytes();
    SipMessage m = ((ParseResult.Parsed) parser.parseDatagram(bytes)).message();
    byte[] written = m.toByteArray();
    // The message is the datagram up to the end of its body (RFC 4475 §3.1.1.8: dblreq carries
    // bytes after it, which are discarded).
    assertThat(written).isEqualTo(java.util.Arrays.copyOf(bytes, written.length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validMessages")
  void editedMessageReparsesToTheSameContent(TortureCorpus.Entry e) {
    SipMessage m = ((ParseResult.Parsed) parser.parseDatagram(e.bytes())).message();
    SipMessage rebuilt =
        m instanceof io.sipher.message.SipRequest r
            ? r.edit().build()
            : ((io.sipher.message.SipResponse) m).edit().build();
    ParseResult again = parser.parseDatagram(rebuilt.toByteArray());
    assertThat(again).isInstanceOf(ParseResult.Parsed.class);
    SipMessage reparsed = ((ParseResult.Parsed) again).message();
    assertThat(reparsed.startLine()).isEqualTo(m.startLine());
    assertThat(reparsed.body()).isEqualTo(m.body());
    for (int i = 0; i < m.headers().size(); i++) {
      if (m.headers().get(i).name() == io.sipher.message.header.HeaderName.CONTENT_LENGTH) {
        continue;
      }
      assertThat(reparsed.headers().asList())
          .extracting(f -> f.name().value() + ": " + f.value())
          .contains(m.headers().get(i).name().value() + ": " + m.headers().get(i).value());
    }
    assertThat(new io.sipher.message.validate.MessageValidator().validate(reparsed).isAccepted())
        .isTrue();
  }
}
