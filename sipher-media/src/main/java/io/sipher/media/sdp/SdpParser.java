package io.sipher.media.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses SDP (RFC 8866 §5, §9) from a message body. Lines may end in CRLF or a bare LF, and the
 * last line may lack its end. Bad input gives a {@link SdpParseResult.Malformed} with the line
 * number and the reason; nothing is thrown. Limits are in {@link SdpLimits}.
 *
 * <p>What is checked: {@code v=0}, {@code o=} and {@code s=} first and in that order; at least one
 * {@code t=} before the media; the syntax of {@code o=}, {@code c=}, {@code b=}, {@code t=}, {@code
 * m=} and attribute names; lines that may appear once per level appearing once; no type letter
 * outside RFC 8866's set (§5: a description with a type letter the parser does not understand is to
 * be ignored as a whole). What is tolerated, because deployed stacks produce it: other lines within
 * a level out of the §5 order, runs of spaces between fields, an empty {@code s=}. Attribute values
 * are not checked here; the typed accessors of {@link MediaDescription} skip invalid ones.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SdpParser {
  private final SdpLimits limits;

  public SdpParser() {
    this(SdpLimits.DEFAULTS);
  }

  public SdpParser(SdpLimits limits) {
    this.limits = limits;
  }

  /** Parses a UTF-8 body (RFC 8866 §5: field values may use UTF-8). */
  public SdpParseResult parse(byte[] body) {
    if (body.length > limits.maxBytes()) {
      return new SdpParseResult.Malformed(0, "longer than " + limits.maxBytes() + " bytes");
    }
    return parse(new String(body, StandardCharsets.UTF_8));
  }

  /** Parses a description held as text. */
  public SdpParseResult parse(String text) {
    if (text.length() > limits.maxBytes()) {
      return new SdpParseResult.Malformed(0, "longer than " + limits.maxBytes() + " characters");
    }
    try {
      return new SdpParseResult.Parsed(parseLines(text));
    } catch (Failure f) {
      return new SdpParseResult.Malformed(f.line, f.getMessage());
    }
  }

  private SessionDescription parseLines(String text) {
    SdpBuilderState state = new SdpBuilderState(limits);
    int lineNumber = 0;
    int blankLine = 0;
    int pos = 0;
    while (pos < text.length()) {
      int newline = text.indexOf('\n', pos);
      int end = newline < 0 ? text.length() : newline;
      lineNumber++;
      String line = text.substring(pos, end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end);
      pos = newline < 0 ? text.length() : newline + 1;
      if (line.isEmpty()) {
        // Trailing empty lines are harmless; an empty line between fields is not SDP.
        blankLine = blankLine == 0 ? lineNumber : blankLine;
        continue;
      }
      if (blankLine != 0) {
        throw new Failure(blankLine, "empty line inside the description");
      }
      checkLine(line, lineNumber);
      state.accept(lineNumber, line.charAt(0), line.substring(2));
    }
    return state.finish(lineNumber);
  }

  private void checkLine(String line, int lineNumber) {
    if (line.length() > limits.maxLineLength()) {
      throw new Failure(lineNumber, "line longer than " + limits.maxLineLength() + " characters");
    }
    if (line.length() < 2 || line.charAt(1) != '=') {
      throw new Failure(lineNumber, "not a <type>=<value> line");
    }
    char type = line.charAt(0);
    if (type < 'a' || type > 'z') {
      throw new Failure(lineNumber, "line type must be one lower-case letter");
    }
    for (int i = 2; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\r' || c == '\0') {
        throw new Failure(lineNumber, "CR or NUL inside a line");
      }
    }
  }

  /** Unwinds the parse to {@link #parse(String)}; never leaves this class. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    Failure(int line, String reason) {
      super(reason, null, false, false);
      this.line = line;
    }
  }

  /** Splits a field list on runs of spaces; leading and trailing spaces are ignored. */
  static List<String> fields(String value) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && value.charAt(i) == ' ') {
        i++;
      }
      int start = i;
      while (i < n && value.charAt(i) != ' ') {
        i++;
      }
      if (i > start) {
        out.add(value.substring(start, i));
      }
    }
    return out;
  }

  /** RFC 8866 §9 token characters. */
  static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`{|}~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
