package io.sipher.message;

import io.sipher.message.header.HeaderName;
import io.sipher.message.syntax.Chars;
import java.util.Arrays;

/**
 * Finds the start line and the header fields of one message in a byte range, without decoding
 * anything: the boundaries are recorded as offsets relative to the message start, so that the
 * framer may move its buffer before the message is complete.
 *
 * <p>Both CRLF and a bare LF end a line (RFC 3261 §7 asks for CRLF; bare LF is tolerated because it
 * costs nothing and some peers send it). A CR that does not precede an LF is refused: a downstream
 * parser might take it for a line end and see different headers than we did.
 */
final class WireScanner {
  static final long CL_ABSENT = -1;
  static final long CL_MALFORMED = -2;
  static final long CL_CONFLICT = -3;

  private WireScanner() {}

  /** The header section of one message, as offsets from its first byte. */
  static final class Head {
    int startLineEnd;
    int headerEnd;
    boolean blankLine;
    boolean bareLf;
    boolean crlf;
    boolean response;
    int count;
    HeaderName[] names = new HeaderName[16];

    /** Four offsets per field: start, valueStart, valueEnd, end (after its line terminator). */
    int[] spans = new int[64];

    String error;
    int errorStatus;

    void add(HeaderName name, int start, int valueStart, int valueEnd, int end) {
      if (count == names.length) {
        names = Arrays.copyOf(names, count * 2);
        spans = Arrays.copyOf(spans, count * 8);
      }
      names[count] = name;
      int s = count * 4;
      spans[s] = start;
      spans[s + 1] = valueStart;
      spans[s + 2] = valueEnd;
      spans[s + 3] = end;
      count++;
    }

    void extendLast(int valueEnd, int end) {
      int s = (count - 1) * 4;
      spans[s + 2] = valueEnd;
      spans[s + 3] = end;
    }

    int fieldLength(int i) {
      return spans[i * 4 + 3] - spans[i * 4];
    }

    Head fail(int status, String reason) {
      errorStatus = status;
      error = reason;
      if (headerEnd == 0) {
        // Stopped inside the header section: what was read ends with the last whole field.
        headerEnd = count > 0 ? spans[(count - 1) * 4 + 3] : startLineEnd;
      }
      return this;
    }

    /** Header fields over {@code copy}, which holds the message bytes from offset 0. */
    Headers headers(byte[] copy) {
      return new Headers(copy, names, spans, count);
    }
  }

  /**
   * Scans the message that starts at {@code start} (leading CRLFs already skipped) and lies in
   * {@code a[start, end)}. For a stream, {@code end} is just past the empty line; for a datagram it
   * is the end of the datagram, and a header section that runs to the end without an empty line is
   * accepted (the datagram boundary marks the end).
   */
  static Head scan(byte[] a, int start, int end, ParserLimits limits) {
    Head h = new Head();
    h.response = end - start >= 4 && startsWithSipSlash(a, start);
    int lineEnd = lineEnd(a, start, end);
    if (lineEnd == -2) {
      return h.fail(400, "Bare CR in start line");
    }
    int next = lineEnd < 0 ? end : lineEnd + 1;
    if (lineEnd >= 0) {
      if (a[lineEnd - 1] != '\r') {
        h.bareLf = true;
      } else {
        h.crlf = true;
      }
    }
    if (next - start > limits.maxLineBytes()) {
      return h.fail(513, "Start line too long");
    }
    h.startLineEnd = next - start;
    return fields(a, start, next, end, limits, h);
  }

  /** Scans a block of header fields with no start line (the headers of a MIME body part). */
  static Head scanBlock(byte[] a, int start, int end, ParserLimits limits) {
    return fields(a, start, start, end, limits, new Head());
  }

  private static Head fields(byte[] a, int start, int pos, int end, ParserLimits limits, Head h) {
    int lineEnd;
    int next;
    while (true) {
      if (pos >= end) {
        h.headerEnd = end - start;
        return h;
      }
      byte b = a[pos];
      if (b == '\n' || (b == '\r' && pos + 1 < end && a[pos + 1] == '\n')) {
        h.blankLine = true;
        if (b == '\n') {
          h.bareLf = true;
        }
        h.headerEnd = (b == '\n' ? pos + 1 : pos + 2) - start;
        return h;
      }
      lineEnd = lineEnd(a, pos, end);
      if (lineEnd == -2) {
        return h.fail(400, "Bare CR in header section");
      }
      next = lineEnd < 0 ? end : lineEnd + 1;
      int contentEnd = lineEnd < 0 ? end : lineEnd;
      if (lineEnd >= 0) {
        if (a[lineEnd - 1] == '\r') {
          contentEnd--;
          h.crlf = true;
        } else {
          h.bareLf = true;
        }
      }
      if (b == ' ' || b == '\t') {
        // RFC 3261 §7.3.1: a line starting with whitespace continues the previous field.
        if (h.count == 0) {
          return h.fail(400, "Folded line before the first header");
        }
        h.extendLast(contentEnd - start, next - start);
        if (h.fieldLength(h.count - 1) > limits.maxLineBytes()) {
          return h.fail(513, "Header field too long");
        }
      } else {
        int nameEnd = pos;
        int hash = 0;
        while (nameEnd < contentEnd && Chars.isToken(a[nameEnd])) {
          hash = HeaderName.hashStep(hash, a[nameEnd]);
          nameEnd++;
        }
        int colon = nameEnd;
        while (colon < contentEnd && (a[colon] == ' ' || a[colon] == '\t')) {
          colon++;
        }
        if (nameEnd == pos || colon >= contentEnd || a[colon] != ':') {
          return h.fail(400, "Malformed header line (expected 'Name: value')");
        }
        if (h.count == limits.maxHeaderCount()) {
          return h.fail(513, "Too many header fields");
        }
        if (next - pos > limits.maxLineBytes()) {
          return h.fail(513, "Header field too long");
        }
        HeaderName name = HeaderName.of(a, pos, nameEnd - pos, hash);
        h.add(name, pos - start, colon + 1 - start, contentEnd - start, next - start);
      }
      if (next - start > limits.maxHeaderBytes()) {
        return h.fail(513, "Header section too large");
      }
      pos = next;
    }
  }

  /** The index of the LF that ends the line at {@code pos}; -1 when none; -2 for a bare CR. */
  private static int lineEnd(byte[] a, int pos, int end) {
    int i = Bytes.indexOfCrOrLf(a, pos, end);
    if (i < 0 || a[i] == '\n') {
      return i;
    }
    return i + 1 < end && a[i + 1] == '\n' ? i + 1 : -2;
  }

  static boolean startsWithSipSlash(byte[] a, int p) {
    return (a[p] | 0x20) == 's'
        && (a[p + 1] | 0x20) == 'i'
        && (a[p + 2] | 0x20) == 'p'
        && a[p + 3] == '/';
  }

  /**
   * The Content-Length the header fields declare: a value, {@link #CL_ABSENT}, {@link
   * #CL_MALFORMED} (not a decimal number: negative, signed, empty or over 2^31-1), or {@link
   * #CL_CONFLICT} (several fields that disagree, RFC 4475 §3.3.9).
   */
  static long contentLength(byte[] a, int start, Head h) {
    long found = CL_ABSENT;
    for (int i = 0; i < h.count; i++) {
      if (h.names[i] != HeaderName.CONTENT_LENGTH) {
        continue;
      }
      int p = start + h.spans[i * 4 + 1];
      int e = start + h.spans[i * 4 + 2];
      while (p < e && isLws(a[p])) {
        p++;
      }
      while (e > p && isLws(a[e - 1])) {
        e--;
      }
      while (e - p > 1 && a[p] == '0') {
        p++; // 1*DIGIT: leading zeros are allowed and mean nothing
      }
      if (p == e || e - p > 10) {
        return CL_MALFORMED;
      }
      long v = 0;
      for (int k = p; k < e; k++) {
        if (a[k] < '0' || a[k] > '9') {
          return CL_MALFORMED;
        }
        v = v * 10 + (a[k] - '0');
      }
      if (v > Integer.MAX_VALUE) {
        return CL_MALFORMED;
      }
      if (found != CL_ABSENT && found != v) {
        return CL_CONFLICT;
      }
      found = v;
    }
    return found;
  }

  private static boolean isLws(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
