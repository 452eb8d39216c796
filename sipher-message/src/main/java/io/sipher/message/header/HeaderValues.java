package io.sipher.message.header;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.Lexer;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/** Parsers for the headers whose values are a single scalar: numbers, tokens, Call-ID, Date. */
public final class HeaderValues {
  private static final List<String> MONTHS =
      List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

  private HeaderValues() {}

  static boolean isDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Chars.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Max-Forwards (RFC 3261 §20.22). The RFC gives 0-255; a larger value is tolerated and capped at
   * 255, since only the decrement matters (RFC 4475 §3.1.2.4 calls it tolerable).
   */
  static Integer maxForwards(Lexer lx) {
    lx.skipWs();
    return (int) lx.saturatingNumber("Max-Forwards value", 255);
  }

  /** Content-Length: exact, no sign, at most 2^31-1 (larger bodies are refused elsewhere). */
  static Integer contentLength(Lexer lx) {
    lx.skipWs();
    return (int) lx.number("length", Integer.MAX_VALUE);
  }

  /**
   * Delta-seconds headers (Expires, Min-Expires, Flow-Timer): saturated at 2^32-1, as RFC 3261
   * §20.19 and RFC 4475 §3.1.2.4 tolerate larger values.
   */
  static Long deltaSeconds(Lexer lx) {
    lx.skipWs();
    return lx.saturatingNumber("delta-seconds", Contact.MAX_EXPIRES);
  }

  static String token(Lexer lx) {
    lx.skipWs();
    return lx.token("token");
  }

  /** Call-ID = word ["@" word] (RFC 3261 §25.1). */
  static String callId(Lexer lx) {
    lx.skipWs();
    String text = lx.text();
    int start = lx.pos();
    int i = start;
    int at = -1;
    while (i < text.length() && !Chars.isWhitespace(text.charAt(i))) {
      char c = text.charAt(i);
      if (c == '@' && at < 0 && i > start) {
        at = i;
      } else if (!Chars.isWord(c)) {
        throw lx.fail("invalid character in Call-ID");
      }
      i++;
    }
    if (i == start || at == i - 1) {
      throw lx.fail("empty Call-ID word");
    }
    lx.pos(i);
    return text.substring(start, i);
  }

  /**
   * SIP-date = rfc1123-date, always in GMT (RFC 3261 §20.17): {@code Sat, 13 Nov 2010 23:29:00
   * GMT}. Other zones are malformed (RFC 4475 §3.1.2.12).
   */
  static Instant date(Lexer lx) {
    lx.skipWs();
    String s = lx.rest();
    String[] p = s.split(" ", -1);
    if (p.length != 6 || !p[0].endsWith(",") || !p[5].equals("GMT")) {
      throw lx.fail("expected 'Www, DD Mmm YYYY HH:MM:SS GMT'");
    }
    try {
      String wkday = p[0].substring(0, p[0].length() - 1);
      int day = twoDigits(p[1]);
      int month = MONTHS.indexOf(p[2]) + 1;
      if (month == 0 || p[3].length() != 4 || !isDigits(p[3]) || p[4].length() != 8) {
        throw lx.fail("invalid date");
      }
      LocalDate date = LocalDate.of(Integer.parseInt(p[3]), month, day);
      LocalTime time = LocalTime.parse(p[4]);
      if (!isDay(wkday)) {
        throw lx.fail("invalid weekday");
      }
      return date.atTime(time).toInstant(ZoneOffset.UTC);
    } catch (java.time.DateTimeException | NumberFormatException e) {
      throw lx.fail("invalid date");
    }
  }

  private static boolean isDay(String s) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equals(s)) {
        return true;
      }
    }
    return false;
  }

  private static int twoDigits(String s) {
    if (s.length() != 2 || !isDigits(s)) {
      throw new NumberFormatException(s);
    }
    return Integer.parseInt(s);
  }
}
