package io.sipher.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.ParseResult.KeepAlive;
import io.sipher.message.testing.Wire;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5626 §3.5.1: on a stream a client's ping is a double CRLF and the server's pong a single
 * CRLF; both may only appear between messages.
 */
class Rfc5626_3_5_1_KeepAliveTest {
  private final List<ParseResult> got = new ArrayList<>();
  private final StreamFramer framer = new StreamFramer();

  @Test
  void doubleCrlfIsAPing() {
    framer.feed("\r\n\r\n".getBytes(), got::add);
    assertThat(got).containsExactly(KeepAlive.PING);
  }

  @Test
  void singleCrlfIsAPong() {
    framer.feed("\r\n".getBytes(), got::add);
    assertThat(got).containsExactly(KeepAlive.PONG);
  }

  @Test
  void pingSplitInTwoReadsIsReportedAsPongThenPing() {
    framer.feed("\r\n".getBytes(), got::add);
    framer.feed("\r\n".getBytes(), got::add);
    assertThat(got).containsExactly(KeepAlive.PONG, KeepAlive.PING);
  }

  @Test
  void pongFollowedByAMessage() {
    byte[] register = Wire.crlf(Wire.REGISTER);
    byte[] stream = new byte[register.length + 2];
    stream[0] = '\r';
    stream[1] = '\n';
    System.arraycopy(register, 0, stream, 2, register.length);
    framer.feed(stream, got::add);
    assertThat(got).hasSize(2);
    assertThat(got.get(0)).isEqualTo(KeepAlive.PONG);
    assertThat(got.get(1)).isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void severalPingsInOneRead() {
    framer.feed("\r\n\r\n\r\n\r\n".getBytes(), got::add);
    assertThat(got).containsExactly(KeepAlive.PING, KeepAlive.PING);
  }

  @Test
  void crlfInsideAMessageIsNotAKeepAlive() {
    framer.feed(Wire.crlf(Wire.INVITE), got::add);
    assertThat(got).hasSize(1).first().isInstanceOf(ParseResult.Parsed.class);
  }

  @Test
  void datagramOfOnlyCrlfIsAKeepAlive() {
    assertThat(new SipParser().parseDatagram("\r\n\r\n".getBytes())).isEqualTo(KeepAlive.PING);
  }
}
