package io.sipher.media.sdp;

/** Decimal numbers parsed without exceptions. */
final class Numbers {
  private Numbers() {}

  /** The value of a string of 1 to 18 ASCII digits that is at most {@code max}, else -1. */
  static long parse(String text, long max) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v <= max ? v : -1;
  }
}
