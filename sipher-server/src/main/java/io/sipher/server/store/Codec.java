package io.sipher.server.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Column encodings shared by the tables: instants as fixed-width text, lists as JSON arrays. */
final class Codec {

  // Fixed nine fraction digits (ISO_INSTANT varies the width) so text order is time order.
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Codec() {}

  static String instant(Instant t) {
    return t == null ? null : INSTANT.format(t);
  }

  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("bad time in store: " + text, e);
    }
  }

  /**
   * A JSON array of strings. JSON rather than newline-joined text: it tells an empty list from a
   * list of one empty string, and SQLite's json_each() can query it from the shell.
   */
  static String jsonArray(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      jsonString(b, values.get(i));
    }
    return b.append(']').toString();
  }

  private static void jsonString(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (ch < 0x20) {
            b.append(String.format("\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
        }
      }
    }
    b.append('"');
  }

  /** Parses what {@link #jsonArray} wrote (any JSON array of strings, whitespace allowed). */
  static List<String> parseJsonArray(String json) {
    List<String> out = new ArrayList<>();
    int[] pos = {skipSpace(json, 0)};
    expect(json, pos, '[');
    pos[0] = skipSpace(json, pos[0]);
    if (peek(json, pos[0]) == ']') {
      pos[0]++;
    } else {
      while (true) {
        pos[0] = skipSpace(json, pos[0]);
        out.add(readString(json, pos));
        pos[0] = skipSpace(json, pos[0]);
        char ch = peek(json, pos[0]);
        pos[0]++;
        if (ch == ']') {
          break;
        }
        if (ch != ',') {
          throw bad(json, pos[0] - 1);
        }
      }
    }
    if (skipSpace(json, pos[0]) != json.length()) {
      throw bad(json, pos[0]);
    }
    return out;
  }

  private static String readString(String json, int[] pos) {
    expect(json, pos, '"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char ch = peek(json, pos[0]++);
      if (ch == '"') {
        return b.toString();
      }
      if (ch != '\\') {
        b.append(ch);
        continue;
      }
      char esc = peek(json, pos[0]++);
      switch (esc) {
        case '"', '\\', '/' -> b.append(esc);
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          if (pos[0] + 4 > json.length()) {
            throw bad(json, pos[0]);
          }
          try {
            b.append((char) Integer.parseInt(json.substring(pos[0], pos[0] + 4), 16));
          } catch (NumberFormatException e) {
            throw bad(json, pos[0]);
          }
          pos[0] += 4;
        }
        default -> throw bad(json, pos[0] - 1);
      }
    }
  }

  private static void expect(String json, int[] pos, char want) {
    if (peek(json, pos[0]) != want) {
      throw bad(json, pos[0]);
    }
    pos[0]++;
  }

  private static char peek(String json, int i) {
    if (i >= json.length()) {
      throw bad(json, i);
    }
    return json.charAt(i);
  }

  private static int skipSpace(String json, int i) {
    while (i < json.length() && " \t\r\n".indexOf(json.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  private static IllegalArgumentException bad(String json, int at) {
    return new IllegalArgumentException("bad JSON string array at offset " + at + ": " + json);
  }
}
