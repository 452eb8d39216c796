package io.sipher.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.PacketRejectedException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 3550 §5.1 (fixed header), §5.3.1 (extension) and the §A.1 checks on any packet. */
class Rfc3550_5_1_RtpPacketTest {
  private static final HexFormat HEX = HexFormat.of();

  private static RtpPacket parse(String hex) throws PacketRejectedException {
    byte[] b = HEX.parseHex(hex);
    return RtpPacket.parse(b, b.length);
  }

  @Test
  void fixedHeader() throws Exception {
    String hex = "80" + "00" + "1234" + "00000a00" + "deadbeef" + "fffe7f00";
    RtpPacket p = parse(hex);
    assertThat(p.marker()).isFalse();
    assertThat(p.payloadType()).isZero();
    assertThat(p.sequenceNumber()).isEqualTo(0x1234);
    assertThat(p.timestamp()).isEqualTo(2560);
    assertThat(p.ssrc()).isEqualTo(0xDEADBEEFL);
    assertThat(p.csrc()).isEmpty();
    assertThat(p.hasExtension()).isFalse();
    assertThat(p.payload()).isEqualTo(HEX.parseHex("fffe7f00"));
    assertThat(HEX.formatHex(p.toBytes())).isEqualTo(hex);
  }

  @Test
  void markerPayloadTypeAndExtremes() throws Exception {
    String hex = "80" + "e5" + "ffff" + "ffffffff" + "ffffffff" + "01";
    RtpPacket p = parse(hex);
    assertThat(p.marker()).isTrue();
    assertThat(p.payloadType()).isEqualTo(101);
    assertThat(p.sequenceNumber()).isEqualTo(65535);
    assertThat(p.timestamp()).isEqualTo(0xFFFFFFFFL);
    assertThat(p.ssrc()).isEqualTo(0xFFFFFFFFL);
    assertThat(HEX.formatHex(p.toBytes())).isEqualTo(hex);
  }

  @Test
  void csrcListExtensionAndPadding() throws Exception {
    String hex =
        "b2" // V=2, P=1, X=1, CC=2
            + "08"
            + "0001"
            + "00000001"
            + "00000002"
            + "11111111"
            + "22222222" // CSRCs
            + "bede0001"
            + "10aabbcc" // extension: profile 0xBEDE, one word
            + "d5d5"
            + "000003"; // payload, then 3 bytes of padding
    RtpPacket p = parse(hex);
    assertThat(p.csrc()).containsExactly(0x11111111L, 0x22222222L);
    assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
    assertThat(p.extension()).isEqualTo(HEX.parseHex("10aabbcc"));
    assertThat(p.payload()).isEqualTo(HEX.parseHex("d5d5"));
    assertThat(p.paddingLength()).isEqualTo(3);
    assertThat(HEX.formatHex(p.toBytes())).isEqualTo(hex);
    assertThat(RtpPacket.parse(p.toBytes(), p.toBytes().length)).isEqualTo(p);
  }

  @Test
  void emptyPayloadIsValid() throws Exception {
    assertThat(parse("80000000" + "00000000" + "00000000").payloadLength()).isZero();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "8000000000000000000000, shorter than an RTP header",
    "400000000000000000000000, RTP version 1",
    "c00000000000000000000000, RTP version 3",
    "810000000000000000000000, CSRC list longer than the packet",
    "900000000000000000000000, header extension longer than the packet",
    "9000000000000000000000000000000100, header extension longer than the packet",
    "a00000000000000000000000ff00, bad padding count 0",
    "a000000000000000000000000005, bad padding count 5",
  })
  void malformedPacketsAreRejected(String hex, String reason) {
    assertThatThrownBy(() -> parse(hex))
        .isInstanceOf(PacketRejectedException.class)
        .hasMessage("MALFORMED: " + reason)
        .extracting(e -> ((PacketRejectedException) e).reason())
        .isEqualTo(PacketRejectedException.Reason.MALFORMED);
  }

  @Test
  void lengthBeyondTheArrayIsRejected() {
    assertThatThrownBy(() -> RtpPacket.parse(new byte[12], 13))
        .isInstanceOf(PacketRejectedException.class);
  }

  @Test
  void valuesOutOfRangeCannotBeBuilt() {
    assertThatThrownBy(() -> RtpPacket.of(128, 0, 0, 0, false, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpPacket.of(0, 65536, 0, 0, false, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpPacket.of(0, 0, 1L << 32, 0, false, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
