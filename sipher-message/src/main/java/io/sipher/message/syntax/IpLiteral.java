package io.sipher.message.syntax;

import java.util.Arrays;

/**
 * Textual IPv4 and IPv6 addresses, parsed without any name resolution. IPv6 follows RFC 4291 §2.2
 * (which RFC 5954 made authoritative over the looser RFC 3261 ABNF, see RFC 5118 §4.10): at most
 * one {@code ::}, eight 16-bit groups in all, an optional dotted IPv4 tail.
 */
public final class IpLiteral {
  private IpLiteral() {}

  /** Whether {@code s} is a dotted-quad IPv4 address. */
  public static boolean isIpv4(CharSequence s) {
    int len = s.length();
    int part = 0;
    int i = 0;
    while (true) {
      int start = i;
      int value = 0;
      while (i < len && i - start < 3 && Chars.isDigit(s.charAt(i))) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || value > 255) {
        return false;
      }
      if (++part == 4) {
        return i == len;
      }
      if (i >= len || s.charAt(i) != '.') {
        return false;
      }
      i++;
    }
  }

  /** The four bytes of a dotted-quad IPv4 address, or null when {@code s} is not one. */
  public static byte[] parseIpv4(CharSequence s) {
    return parseIpv4(s, 0, s.length());
  }

  static byte[] parseIpv4(CharSequence s, int from, int to) {
    byte[] out = new byte[4];
    int part = 0;
    int i = from;
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < to && Chars.isDigit(s.charAt(i)) && i - start < 3) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || value > 255) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? out : null;
  }

  /** The sixteen bytes of an IPv6 address (without brackets), or null when it is not one. */
  public static byte[] parseIpv6(CharSequence s) {
    int len = s.length();
    if (len < 2) {
      return null;
    }
    int[] groups = new int[8];
    int count = 0;
    int gap = -1; // index in groups where "::" stands
    int i = 0;
    if (s.charAt(0) == ':') {
      if (s.charAt(1) != ':') {
        return null;
      }
      gap = 0;
      i = 2;
      if (i == len) {
        return new byte[16];
      }
    }
    byte[] ipv4Tail = null;
    while (i < len) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < len && Chars.isHexDigit(s.charAt(i)) && i - start < 4) {
        value = value << 4 | Chars.hexValue(s.charAt(i));
        i++;
      }
      if (i < len && s.charAt(i) == '.') {
        // dotted IPv4 tail: must be last and leave room for two groups
        ipv4Tail = parseIpv4(s, start, len);
        if (ipv4Tail == null || count > 6) {
          return null;
        }
        i = len;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[count++] = value;
      if (i == len) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < len && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null; // a second "::"
        }
        gap = count;
        i++;
        if (i == len) {
          break;
        }
      } else if (i == len) {
        return null; // trailing single ':'
      }
    }
    int total = count + (ipv4Tail != null ? 2 : 0);
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] full = new int[8];
    int tailGroups = count - (gap < 0 ? count : gap);
    int head = gap < 0 ? count : gap;
    System.arraycopy(groups, 0, full, 0, head);
    int tailStart = 8 - tailGroups - (ipv4Tail != null ? 2 : 0);
    System.arraycopy(groups, head, full, tailStart, tailGroups);
    byte[] out = new byte[16];
    for (int g = 0; g < 8; g++) {
      out[2 * g] = (byte) (full[g] >> 8);
      out[2 * g + 1] = (byte) full[g];
    }
    if (ipv4Tail != null) {
      System.arraycopy(ipv4Tail, 0, out, 12, 4);
    }
    return out;
  }

  /** True for an IPv6 reference: {@code [address]}. */
  public static boolean isIpv6Reference(CharSequence s) {
    int len = s.length();
    return len > 2
        && s.charAt(0) == '['
        && s.charAt(len - 1) == ']'
        && parseIpv6(s.subSequence(1, len - 1)) != null;
  }

  /** Whether two textual IPv6 addresses (each with or without brackets) name the same address. */
  public static boolean sameIpv6(String a, String b) {
    byte[] x = parseIpv6(stripBrackets(a));
    byte[] y = parseIpv6(stripBrackets(b));
    return x != null && Arrays.equals(x, y);
  }

  public static String stripBrackets(String s) {
    return s.length() > 1 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']'
        ? s.substring(1, s.length() - 1)
        : s;
  }
}
