package io.sipher.message.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.message.ParseResult;
import io.sipher.message.SipMessage;
import io.sipher.message.SipParser;
import io.sipher.message.header.MediaType;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.torture.TortureCorpus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 5621 (message bodies in SIP) with RFC 2046 §5.1 multipart framing. */
class Rfc5621_MultipartBodyTest {
  @Test
  void twoPartsWithHeadersAndContent() {
    String body =
        "preamble\r\n--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n\r\n--b1\r\n"
            + "Content-Type: application/pidf+xml\r\nContent-ID: <p1@example.com>\r\n\r\n<presence/>\r\n--b1--\r\nepilogue";
    MultipartBody m =
        MultipartBody.parse(
            MediaType.parse("multipart/mixed;boundary=b1"), body.getBytes(StandardCharsets.UTF_8));
    assertThat(m.parts()).hasSize(2);
    assertThat(m.parts().get(0).contentType()).isEqualTo(MediaType.SDP);
    assertThat(m.parts().get(0).text()).isEqualTo("v=0\r\n");
    assertThat(m.parts().get(1).contentType().essence()).isEqualTo("application/pidf+xml");
    assertThat(m.parts().get(1).text()).isEqualTo("<presence/>");
  }

  @Test
  void rfc4475_3_1_1_11_binaryPartSurvives() {
    TortureCorpus.assumePresent();
    TortureCorpus.Entry mpart =
        TortureCorpus.entries().filter(e -> e.name().equals("mpart01")).findFirst().orElseThrow();
    SipMessage msg = ((ParseResult.Parsed) new SipParser().parseDatagram(mpart.bytes())).message();
    MultipartBody m = MultipartBody.parse(msg.contentType().orElseThrow(), msg.body());
    assertThat(m.parts()).hasSize(2);
    assertThat(m.parts().get(0).text()).isEqualTo("Hello");
    assertThat(m.parts().get(1).contentType().essence()).isEqualTo("application/octet-stream");
    byte[] binary = m.parts().get(1).content();
    assertThat(binary).contains((byte) 0);
    assertThat(binary.length).isGreaterThan(300);
  }

  @Test
  void malformedBodies() {
    MediaType t = MediaType.parse("multipart/mixed;boundary=b1");
    assertThatThrownBy(() -> MultipartBody.parse(t, "no delimiter".getBytes()))
        .isInstanceOf(SipParseException.class);
    assertThatThrownBy(() -> MultipartBody.parse(t, "--b1\r\n\r\nunterminated".getBytes()))
        .hasMessageContaining("close delimiter");
    assertThatThrownBy(
            () -> MultipartBody.parse(MediaType.parse("multipart/mixed"), "--x--".getBytes()))
        .hasMessageContaining("boundary");
    assertThatThrownBy(
            () -> MultipartBody.parse(t, "--b1\r\n".repeat(100).concat("--b1--").getBytes()))
        .hasMessageContaining("parts");
  }
}
