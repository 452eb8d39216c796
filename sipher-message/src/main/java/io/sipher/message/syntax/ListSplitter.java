package io.sipher.message.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a list-valued header value at its top-level commas: commas inside quoted strings or angle
 * brackets belong to the value (RFC 3261 §7.3.1).
 */
public final class ListSplitter {
  private ListSplitter() {}

  /** The comma-separated elements of {@code value}, each trimmed; empty elements are kept. */
  public static List<String> split(String value) {
    List<String> out = new ArrayList<>(2);
    int start = 0;
    boolean quoted = false;
    boolean bracketed = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '<') {
        bracketed = true;
      } else if (c == '>') {
        bracketed = false;
      } else if (c == ',' && !bracketed) {
        out.add(value.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(value.substring(start).strip());
    return out;
  }
}
