package io.sipher.message.syntax;

/**
 * Character classes of the RFC 3261 §25.1 grammar, as lookup tables over ASCII. Every method
 * answers false for characters above 127, which the grammar admits only inside quoted strings,
 * reason phrases and other TEXT-UTF8 productions.
 */
public final class Chars {
  private static final boolean[] TOKEN = new boolean[128];
  private static final boolean[] WORD = new boolean[128];
  private static final boolean[] UNRESERVED = new boolean[128];
  private static final boolean[] USER = new boolean[128];
  private static final boolean[] PASSWORD = new boolean[128];
  private static final boolean[] URI_PARAM = new boolean[128];
  private static final boolean[] URI_HEADER = new boolean[128];
  private static final boolean[] SCHEME = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      mark(c, TOKEN, WORD, UNRESERVED, SCHEME);
      mark(Character.toUpperCase(c), TOKEN, WORD, UNRESERVED, SCHEME);
    }
    for (char c = '0'; c <= '9'; c++) {
      mark(c, TOKEN, WORD, UNRESERVED, SCHEME);
    }
    markAll("-.!%*_+`'~", TOKEN);
    markAll("-.!%*_+`'~()<>:\\\"/[]?{}", WORD);
    // unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
    markAll("-_.!~*'()", UNRESERVED);
    copy(UNRESERVED, USER);
    markAll("&=+$,;?/", USER); // user-unreserved
    copy(UNRESERVED, PASSWORD);
    markAll("&=+$,", PASSWORD);
    copy(UNRESERVED, URI_PARAM);
    markAll("[]/:&+$", URI_PARAM); // param-unreserved
    copy(UNRESERVED, URI_HEADER);
    markAll("[]/?:+$", URI_HEADER); // hnv-unreserved
    markAll("+-.", SCHEME);
  }

  /** Characters allowed unescaped in the user part of a SIP URI. */
  public static final CharClass USER_PART = new CharClass(USER);

  /** Characters allowed unescaped in the password part of a SIP URI. */
  public static final CharClass PASSWORD_PART = new CharClass(PASSWORD);

  /** Characters allowed unescaped in a SIP URI parameter name or value (paramchar). */
  public static final CharClass URI_PARAM_PART = new CharClass(URI_PARAM);

  /** Characters allowed unescaped in a SIP URI header name or value. */
  public static final CharClass URI_HEADER_PART = new CharClass(URI_HEADER);

  private Chars() {}

  /**
   * A set of ASCII characters held as two bit masks: a final class, so that tests on the hot path
   * inline whatever the set.
   */
  public static final class CharClass implements java.util.function.IntPredicate {
    private final long low;
    private final long high;

    private CharClass(boolean[] table) {
      long lo = 0;
      long hi = 0;
      for (int c = 0; c < 64; c++) {
        lo |= table[c] ? 1L << c : 0;
        hi |= table[c + 64] ? 1L << c : 0;
      }
      this.low = lo;
      this.high = hi;
    }

    @Override
    public boolean test(int c) {
      return c < 64 ? c >= 0 && (low >>> c & 1) != 0 : c < 128 && (high >>> (c - 64) & 1) != 0;
    }
  }

  private static void mark(char c, boolean[]... tables) {
    for (boolean[] t : tables) {
      t[c] = true;
    }
  }

  private static void markAll(String chars, boolean[] table) {
    for (int i = 0; i < chars.length(); i++) {
      table[chars.charAt(i)] = true;
    }
  }

  private static void copy(boolean[] from, boolean[] to) {
    System.arraycopy(from, 0, to, 0, from.length);
  }

  private static boolean in(boolean[] table, int c) {
    return c >= 0 && c < 128 && table[c];
  }

  /** RFC 3261 token character: alphanum and {@code -.!%*_+`'~}. */
  public static boolean isToken(int c) {
    return in(TOKEN, c);
  }

  /** RFC 3261 word character (Call-ID): token characters plus {@code ()<>:\"/[]?{}}. */
  public static boolean isWord(int c) {
    return in(WORD, c);
  }

  /** RFC 3261 unreserved: alphanum and mark. */
  public static boolean isUnreserved(int c) {
    return in(UNRESERVED, c);
  }

  /** Characters allowed unescaped in the user part of a SIP URI. */
  public static boolean isUserChar(int c) {
    return in(USER, c);
  }

  /** Characters allowed unescaped in the password part of a SIP URI. */
  public static boolean isPasswordChar(int c) {
    return in(PASSWORD, c);
  }

  /** Characters allowed unescaped in a SIP URI parameter name or value (paramchar). */
  public static boolean isUriParamChar(int c) {
    return in(URI_PARAM, c);
  }

  /** Characters allowed unescaped in a SIP URI header name or value (hname / hvalue). */
  public static boolean isUriHeaderChar(int c) {
    return in(URI_HEADER, c);
  }

  /** Characters allowed after the first letter of a URI scheme (RFC 3986 §3.1). */
  public static boolean isSchemeChar(int c) {
    return in(SCHEME, c);
  }

  public static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  public static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  public static boolean isHexDigit(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** SP or HTAB: the whitespace that remains in a header value once folds are removed. */
  public static boolean isWhitespace(int c) {
    return c == ' ' || c == '\t';
  }

  /** The value of a hex digit, or -1. */
  public static int hexValue(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** True when every character of {@code s} is a token character and s is not empty. */
  public static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!isToken(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
