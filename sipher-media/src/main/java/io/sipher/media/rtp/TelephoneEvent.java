package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException;
import io.sipher.media.PacketRejectedException.Reason;

/**
 * The RFC 4733 §2.3 telephone-event payload: one named event (a DTMF digit, flash...) in progress.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param event the event code: 0-9, 10 (*), 11 (#), 12-15 (A-D) for DTMF (§3.2), 16 flash
 * @param end the E bit: this packet reports the end of the event
 * @param volume the power level as a positive number of -dBm0, 0 to 63 (§2.5.2.2)
 * @param duration since the event began, in timestamp units, 0 to 65535
 */
public record TelephoneEvent(int event, boolean end, int volume, int duration) {

  /** Bytes in the payload of one event. */
  public static final int BYTES = 4;

  /** Event code of hook flash (§3.2). */
  public static final int FLASH = 16;

  private static final String DTMF = "0123456789*#ABCD";

  public TelephoneEvent {
    if (event < 0 || event > 255 || volume < 0 || volume > 63) {
      throw new IllegalArgumentException("event 0-255, volume 0-63");
    }
    if (duration < 0 || duration > 0xFFFF) {
      throw new IllegalArgumentException("duration is 16 bits");
    }
  }

  /** The payload. The R bit is sent as zero (§2.3). */
  public byte[] toBytes() {
    byte[] b = new byte[BYTES];
    b[0] = (byte) event;
    b[1] = (byte) ((end ? 0x80 : 0) | volume);
    Bytes.put16(b, 2, duration);
    return b;
  }

  /**
   * Reads the first event of a payload; the R bit is ignored (§2.3). A payload may carry further
   * events of the same packet (§2.5.1.5), which this does not return.
   */
  public static TelephoneEvent parse(byte[] payload, int offset, int length)
      throws PacketRejectedException {
    if (length < BYTES || offset < 0 || offset + length > payload.length) {
      throw new PacketRejectedException(Reason.MALFORMED, "telephone-event payload too short");
    }
    int flags = Bytes.u8(payload, offset + 1);
    return new TelephoneEvent(
        Bytes.u8(payload, offset),
        (flags & 0x80) != 0,
        flags & 0x3F,
        Bytes.u16(payload, offset + 2));
  }

  /** The event code of a DTMF key: 0-9, *, #, A-D (§3.2). */
  public static int dtmfEvent(char key) {
    int i = DTMF.indexOf(Character.toUpperCase(key));
    if (i < 0) {
      throw new IllegalArgumentException("not a DTMF key: " + key);
    }
    return i;
  }

  /** The DTMF key of this event, or 0 when it is not a DTMF event. */
  public char dtmfKey() {
    return event < DTMF.length() ? DTMF.charAt(event) : 0;
  }
}
