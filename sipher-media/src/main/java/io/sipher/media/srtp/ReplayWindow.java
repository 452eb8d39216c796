package io.sipher.media.srtp;

import java.util.Arrays;

/**
 * The replay list of RFC 3711 §3.3.2 as a sliding bitmap: the highest index accepted so far and one
 * bit for each of the {@code size} indices at and below it. Indices ahead of the window are fresh;
 * indices behind it are too old to tell and are rejected.
 *
 * <p>{@link #isFresh} only looks; {@link #accept} records, and is called only once the packet has
 * authenticated, so a forged packet cannot move the window.
 */
final class ReplayWindow {
  private final long[] bits;
  private final int mask;
  private long top = -1;

  /** A window of {@code size} indices, a power of two and at least 64. */
  ReplayWindow(int size) {
    this.bits = new long[size >>> 6];
    this.mask = size - 1;
  }

  /** The highest index accepted so far, or -1 before the first. */
  long top() {
    return top;
  }

  /** Whether {@code index} (non-negative) may still be accepted. */
  boolean isFresh(long index) {
    if (index > top) {
      return true;
    }
    if (top - index > mask) {
      return false;
    }
    int bit = (int) (index & mask);
    return (bits[bit >>> 6] & (1L << bit)) == 0;
  }

  /** Records {@code index}, which {@link #isFresh} accepted, sliding the window if it is ahead. */
  void accept(long index) {
    if (index > top) {
      long advance = index - top;
      if (top < 0 || advance > mask) {
        Arrays.fill(bits, 0L);
      } else {
        // The slots of the indices the window slides over are reused for top+1..index.
        for (long i = top + 1; i <= index; i++) {
          int bit = (int) (i & mask);
          bits[bit >>> 6] &= ~(1L << bit);
        }
      }
      top = index;
    }
    int bit = (int) (index & mask);
    bits[bit >>> 6] |= 1L << bit;
  }
}
