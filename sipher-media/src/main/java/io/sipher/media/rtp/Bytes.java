package io.sipher.media.rtp;

/** Network-order integer access. */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] b, int offset) {
    return b[offset] & 0xFF;
  }

  static int u16(byte[] b, int offset) {
    return ((b[offset] & 0xFF) << 8) | (b[offset + 1] & 0xFF);
  }

  static long u32(byte[] b, int offset) {
    return ((long) u16(b, offset) << 16) | u16(b, offset + 2);
  }

  static void put16(byte[] b, int offset, int value) {
    b[offset] = (byte) (value >>> 8);
    b[offset + 1] = (byte) value;
  }

  static void put32(byte[] b, int offset, long value) {
    put16(b, offset, (int) (value >>> 16) & 0xFFFF);
    put16(b, offset + 2, (int) value & 0xFFFF);
  }
}
