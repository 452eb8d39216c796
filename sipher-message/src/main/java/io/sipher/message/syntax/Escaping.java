package io.sipher.message.syntax;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/** Percent-escaping of URI components (RFC 3261 §19.1.2, §25.1 {@code escaped}). */
public final class Escaping {
  /** Reserved characters (RFC 3261 §25.1), plus '%' so that an escaped '%' stays escaped. */
  private static final String RESERVED = ";/?:@&=+$,%";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Escaping() {}

  /**
   * True when {@code s[from, to)} consists only of characters {@code allowed} admits and
   * well-formed {@code %HH} escapes.
   */
  public static boolean isValid(String s, int from, int to, Chars.CharClass allowed) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          return false;
        }
        if (!Chars.isHexDigit(s.charAt(i + 1)) || !Chars.isHexDigit(s.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!allowed.test(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The comparison form of an escaped component (RFC 3261 §19.1.4): escapes of unreserved
   * characters are decoded, escapes of reserved characters are kept with upper-case hex. The result
   * is for equality tests only, not for display.
   */
  public static String comparisonForm(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Chars.hexValue(s.charAt(i + 1));
        int lo = Chars.hexValue(s.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          char decoded = (char) (hi << 4 | lo);
          if (RESERVED.indexOf(decoded) >= 0) {
            out.append('%').append(HEX[hi]).append(HEX[lo]);
          } else {
            out.append(decoded);
          }
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Decodes every {@code %HH} escape and reads the bytes as UTF-8: for display and lookups. */
  public static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Chars.hexValue(s.charAt(i + 1));
        int lo = Chars.hexValue(s.charAt(i + 2));
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      bytes.write(utf8, 0, utf8.length);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Escapes every character (as UTF-8 bytes) that {@code allowed} does not admit unescaped. */
  public static String encode(String s, IntPredicate allowed) {
    boolean clean = true;
    for (int i = 0; i < s.length() && clean; i++) {
      clean = allowed.test(s.charAt(i));
    }
    if (clean) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 128 && allowed.test(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }
}
