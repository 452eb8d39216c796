package io.sipher.message;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches on the parser's hot path. Line ends are found eight bytes at a time (the classic
 * "has a zero byte" word trick), since scanning for them is most of the cost of framing a message.
 */
final class Bytes {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long CRS = 0x0d0d0d0d0d0d0d0dL;
  private static final long LFS = 0x0a0a0a0a0a0a0a0aL;

  private Bytes() {}

  /** The index of the first CR or LF in {@code a[from, end)}, or -1. */
  static int indexOfCrOrLf(byte[] a, int from, int end) {
    int i = from;
    for (; i + 8 <= end; i += 8) {
      long w = (long) LONGS.get(a, i);
      long lf = w ^ LFS;
      long cr = w ^ CRS;
      // A byte of lf or cr is zero where w holds LF or CR. The lowest flagged byte is exact
      // (borrows only spill upwards), and little-endian order makes it the first in memory.
      long found = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < end; i++) {
      byte b = a[i];
      if (b == '\n' || b == '\r') {
        return i;
      }
    }
    return -1;
  }
}
