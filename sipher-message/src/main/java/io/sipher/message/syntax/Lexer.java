package io.sipher.message.syntax;

/**
 * A cursor over one header value (folds already replaced by whitespace) with the small set of moves
 * the RFC 3261 §25 grammar needs. Separators follow the RFC's SWS rules: {@code ;}, {@code =},
 * {@code ,}, {@code /} and {@code :} may be surrounded by whitespace.
 *
 * <p>Failures throw {@link SipParseException} with a reason that names the header being parsed.
 */
public final class Lexer {
  private final String s;
  private final int end;
  private final String what;
  private int pos;

  /**
   * @param s the text to read
   * @param what what is being parsed, for error messages ("Via header", "Request-URI")
   */
  public Lexer(String s, String what) {
    this.s = s;
    this.end = s.length();
    this.what = what;
  }

  public int pos() {
    return pos;
  }

  public void pos(int pos) {
    this.pos = pos;
  }

  public String text() {
    return s;
  }

  public boolean atEnd() {
    return pos >= end;
  }

  /** The next character, or -1 at the end. */
  public int peek() {
    return pos < end ? s.charAt(pos) : -1;
  }

  public char next() {
    if (pos >= end) {
      throw fail("unexpected end");
    }
    return s.charAt(pos++);
  }

  public void skipWs() {
    while (pos < end && Chars.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  /** Skips whitespace; returns true when at least one whitespace character was skipped. */
  public boolean skipWsAny() {
    int start = pos;
    skipWs();
    return pos > start;
  }

  /**
   * Consumes a separator with optional whitespace on both sides ({@code SWS c SWS}). Returns false
   * and leaves the position unchanged when the next non-blank character is not {@code c}.
   */
  public boolean separator(char c) {
    int save = pos;
    skipWs();
    if (pos < end && s.charAt(pos) == c) {
      pos++;
      skipWs();
      return true;
    }
    pos = save;
    return false;
  }

  /** Like {@link #separator} but required. */
  public void expectSeparator(char c) {
    if (!separator(c)) {
      throw fail("expected '" + c + "'");
    }
  }

  /** Consumes {@code c} exactly (no whitespace around it); returns false when absent. */
  public boolean consume(char c) {
    if (pos < end && s.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  public void expect(char c) {
    if (!consume(c)) {
      throw fail("expected '" + c + "'");
    }
  }

  /** Reads 1*token-char; throws naming {@code item} when there is none. */
  public String token(String item) {
    int start = pos;
    while (pos < end && Chars.isToken(s.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw fail("expected " + item);
    }
    return Tokens.intern(s, start, pos);
  }

  /** Reads 1*token-char, or returns null (position unchanged) when there is none. */
  public String tokenOrNull() {
    int start = pos;
    while (pos < end && Chars.isToken(s.charAt(pos))) {
      pos++;
    }
    return pos == start ? null : Tokens.intern(s, start, pos);
  }

  /** Reads 1*DIGIT as a long; values above {@code max} fail with {@code item} named. */
  public long number(String item, long max) {
    int start = pos;
    long value = 0;
    boolean overflow = false;
    while (pos < end && Chars.isDigit(s.charAt(pos))) {
      if (!overflow) {
        value = value * 10 + (s.charAt(pos) - '0');
        overflow = value > max;
      }
      pos++;
    }
    if (pos == start) {
      throw fail("expected " + item);
    }
    if (overflow) {
      throw fail(item + " out of range");
    }
    return value;
  }

  /**
   * Reads 1*DIGIT, saturating at {@code cap} instead of failing: for fields such as Expires where
   * RFC 3261 tolerates an over-large value (RFC 4475 §3.1.2.4).
   */
  public long saturatingNumber(String item, long cap) {
    int start = pos;
    long value = 0;
    while (pos < end && Chars.isDigit(s.charAt(pos))) {
      if (value < cap) {
        value = Math.min(cap, value * 10 + (s.charAt(pos) - '0'));
      }
      pos++;
    }
    if (pos == start) {
      throw fail("expected " + item);
    }
    return value;
  }

  /**
   * Reads a quoted-string starting at the opening quote and returns its content with quoted-pairs
   * resolved. Raw control characters are refused; escaped ones (quoted-pair) are kept.
   */
  public String quotedString() {
    expect('"');
    StringBuilder out = null;
    int start = pos;
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == '"') {
        String content = out == null ? s.substring(start, pos) : out.toString();
        pos++;
        return content;
      }
      if (c == '\\') {
        if (pos + 1 >= end) {
          break;
        }
        char escaped = s.charAt(pos + 1);
        if (escaped == '\r' || escaped == '\n' || escaped > 0x7f) {
          throw fail("bad escape in quoted string");
        }
        if (out == null) {
          out = new StringBuilder(s.length()).append(s, start, pos);
        }
        out.append(escaped);
        pos += 2;
        continue;
      }
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        throw fail("control character in quoted string");
      }
      if (out != null) {
        out.append(c);
      }
      pos++;
    }
    throw fail("unterminated quoted string");
  }

  /**
   * Reads a generic parameter value: a quoted-string (returned without quotes, {@code quoted} set
   * by the caller from {@link #peek()}) or a run of token and host characters ({@code :[]} for IPv6
   * references).
   */
  public String genValue(String item) {
    if (peek() == '"') {
      return quotedString();
    }
    int start = pos;
    while (pos < end) {
      char c = s.charAt(pos);
      if (Chars.isToken(c) || c == ':' || c == '[' || c == ']') {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) {
      throw fail("empty value for " + item);
    }
    return Tokens.intern(s, start, pos);
  }

  /** The rest of the text, trimmed of whitespace; consumes it. */
  public String rest() {
    String r = s.substring(pos, end).strip();
    pos = end;
    return r;
  }

  public void expectEnd() {
    skipWs();
    if (pos < end) {
      throw fail("unexpected '" + s.charAt(pos) + "'");
    }
  }

  /** The reason of a nested failure, for use inside another: "bad URI: empty user part". */
  public static String nested(SipParseException e) {
    String r = e.reason();
    return r.startsWith("Bad ") ? "bad " + r.substring(4) : r;
  }

  public SipParseException fail(String problem) {
    return new SipParseException("Bad " + what + ": " + problem);
  }
}
