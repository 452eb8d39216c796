package io.sipher.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.PacketRejectedException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 4733 §2.3: the telephone-event payload, and the DTMF codes of §3.2. */
class Rfc4733_2_3_TelephoneEventTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void payloadLayout() throws Exception {
    TelephoneEvent five = new TelephoneEvent(5, false, 10, 800);
    assertThat(HEX.formatHex(five.toBytes())).isEqualTo("050a0320");
    TelephoneEvent end = new TelephoneEvent(11, true, 63, 65535);
    assertThat(HEX.formatHex(end.toBytes())).isEqualTo("0bbfffff");
    assertThat(TelephoneEvent.parse(end.toBytes(), 0, 4)).isEqualTo(end);
  }

  @Test
  void reservedBitIsIgnoredOnReceipt() throws Exception {
    byte[] withR = HEX.parseHex("00" + "050a0320");
    withR[2] |= 0x40;
    assertThat(TelephoneEvent.parse(withR, 1, 4)).isEqualTo(new TelephoneEvent(5, false, 10, 800));
  }

  @Test
  void onlyTheFirstEventOfALongerPayloadIsRead() throws Exception {
    byte[] two = HEX.parseHex("01000320" + "02800640");
    assertThat(TelephoneEvent.parse(two, 0, 8).event()).isEqualTo(1);
  }

  @Test
  void shortPayloadIsRejected() {
    assertThatThrownBy(() -> TelephoneEvent.parse(new byte[3], 0, 3))
        .isInstanceOf(PacketRejectedException.class);
    assertThatThrownBy(() -> TelephoneEvent.parse(new byte[4], 2, 4))
        .isInstanceOf(PacketRejectedException.class);
  }

  @Test
  void dtmfCodes() {
    assertThat(TelephoneEvent.dtmfEvent('0')).isZero();
    assertThat(TelephoneEvent.dtmfEvent('9')).isEqualTo(9);
    assertThat(TelephoneEvent.dtmfEvent('*')).isEqualTo(10);
    assertThat(TelephoneEvent.dtmfEvent('#')).isEqualTo(11);
    assertThat(TelephoneEvent.dtmfEvent('a')).isEqualTo(12);
    assertThat(TelephoneEvent.dtmfEvent('D')).isEqualTo(15);
    assertThat(new TelephoneEvent(11, false, 0, 0).dtmfKey()).isEqualTo('#');
    assertThat(new TelephoneEvent(TelephoneEvent.FLASH, false, 0, 0).dtmfKey()).isEqualTo('\0');
    assertThatThrownBy(() -> TelephoneEvent.dtmfEvent('E'))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldRanges() {
    assertThatThrownBy(() -> new TelephoneEvent(256, false, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TelephoneEvent(1, false, 64, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TelephoneEvent(1, false, 0, 65536))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
