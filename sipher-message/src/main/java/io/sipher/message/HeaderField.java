package io.sipher.message;

import io.sipher.message.header.HeaderName;
import java.nio.charset.StandardCharsets;

/**
 * One header field as it stands in a message: its name and the exact bytes of its line(s), folding
 * included. The value is decoded on first access, with folds replaced by the whitespace that
 * follows them and surrounding whitespace removed (RFC 3261 §7.3.1).
 *
 * <p>A field parsed from the wire keeps pointing into the message's bytes, so writing an unchanged
 * field copies those bytes as they came.
 */
public final class HeaderField {
  private static final byte[] CRLF = {'\r', '\n'};

  private final HeaderName name;
  private final byte[] buf;
  private final int start;
  private final int valueStart;
  private final int valueEnd;
  private final int end;
  private String value;

  HeaderField(HeaderName name, byte[] buf, int start, int valueStart, int valueEnd, int end) {
    this.name = name;
    this.buf = buf;
    this.start = start;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
    this.end = end;
  }

  /**
   * A new field {@code Name: value CRLF}.
   *
   * @throws IllegalArgumentException when the value contains CR or LF, which would let it smuggle
   *     extra header lines into the message
   */
  public static HeaderField of(HeaderName name, String value) {
    if (value.indexOf(0) >= 0) {
      throw new IllegalArgumentException("header value contains NUL: " + name);
    }
    return encode(name, value);
  }

  /**
   * A new field from text being built (a Via or Record-Route value), encoded without first making a
   * string. Leading and trailing whitespace is not removed.
   *
   * @throws IllegalArgumentException when the value contains CR, LF or NUL
   */
  public static HeaderField of(HeaderName name, CharSequence value) {
    byte[] n = name.wireBytes();
    int valueStart = n.length + 2;
    byte[] line = new byte[valueStart + value.length() + 2];
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        return of(name, value.toString()); // not ASCII: the string path encodes UTF-8
      }
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("header value contains CR, LF or NUL: " + name);
      }
      line[valueStart + i] = (byte) c;
    }
    System.arraycopy(n, 0, line, 0, n.length);
    line[n.length] = ':';
    line[n.length + 1] = ' ';
    line[line.length - 2] = '\r';
    line[line.length - 1] = '\n';
    return new HeaderField(name, line, 0, valueStart, line.length - 2, line.length);
  }

  /** A new field whose value is a non-negative decimal number. */
  public static HeaderField of(HeaderName name, int decimal) {
    if (decimal < 0) {
      throw new IllegalArgumentException("negative value for " + name);
    }
    int digits = 1;
    for (int v = decimal; v >= 10; v /= 10) {
      digits++;
    }
    byte[] n = name.wireBytes();
    byte[] line = new byte[n.length + 2 + digits + 2];
    System.arraycopy(n, 0, line, 0, n.length);
    line[n.length] = ':';
    line[n.length + 1] = ' ';
    int end = line.length - 2;
    for (int i = end - 1, v = decimal; i >= end - digits; i--, v /= 10) {
      line[i] = (byte) ('0' + v % 10);
    }
    line[end] = '\r';
    line[end + 1] = '\n';
    return new HeaderField(name, line, 0, n.length + 2, end, line.length);
  }

  /**
   * A parsed field written out again on one line. Its value may hold what the wire allowed (a NUL
   * in a quoted-pair, RFC 4475 §3.1.1.2), but never a line break.
   */
  static HeaderField rewritten(HeaderField parsed) {
    return encode(parsed.name, parsed.value());
  }

  private static HeaderField encode(HeaderName name, String value) {
    String v = value.strip();
    byte[] n = name.wireBytes();
    byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
    if (Bytes.indexOfCrOrLf(bytes, 0, bytes.length) >= 0) {
      throw new IllegalArgumentException("header value contains CR or LF: " + name);
    }
    int valueStart = n.length + 2;
    byte[] line = new byte[valueStart + bytes.length + 2];
    System.arraycopy(n, 0, line, 0, n.length);
    line[n.length] = ':';
    line[n.length + 1] = ' ';
    System.arraycopy(bytes, 0, line, valueStart, bytes.length);
    line[line.length - 2] = '\r';
    line[line.length - 1] = '\n';
    HeaderField f = new HeaderField(name, line, 0, valueStart, line.length - 2, line.length);
    f.value = v;
    return f;
  }

  public HeaderName name() {
    return name;
  }

  /** The name exactly as written, e.g. {@code v} or {@code VIA}. */
  public String rawName() {
    int i = start;
    while (i < end && buf[i] != ':' && buf[i] != ' ' && buf[i] != '\t') {
      i++;
    }
    return new String(buf, start, i - start, StandardCharsets.UTF_8);
  }

  /** The value with folds removed and surrounding whitespace trimmed. */
  public String value() {
    String v = value;
    if (v == null) {
      value = v = decode();
    }
    return v;
  }

  private String decode() {
    int from = valueStart;
    int to = valueEnd;
    while (from < to && isBlank(buf[from])) {
      from++;
    }
    while (to > from && isBlank(buf[to - 1])) {
      to--;
    }
    if (Bytes.indexOfCrOrLf(buf, from, to) < 0) {
      return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }
    // A fold is [CR] LF followed by whitespace; dropping the line break leaves that whitespace,
    // which is exactly the single-space equivalence RFC 3261 §7.3.1 describes.
    byte[] unfolded = new byte[to - from];
    int n = 0;
    for (int i = from; i < to; i++) {
      if (buf[i] != '\r' && buf[i] != '\n') {
        unfolded[n++] = buf[i];
      }
    }
    return new String(unfolded, 0, n, StandardCharsets.UTF_8);
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /**
   * The value as a plain decimal number (digits between optional whitespace, no folding), or -1:
   * lets the editor check Content-Length without decoding a string.
   */
  int decimalValue() {
    return decimalValue(buf, valueStart, valueEnd);
  }

  static int decimalValue(byte[] buf, int from, int to) {
    while (from < to && (buf[from] == ' ' || buf[from] == '\t')) {
      from++;
    }
    while (to > from && (buf[to - 1] == ' ' || buf[to - 1] == '\t')) {
      to--;
    }
    if (from == to || to - from > 9) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      if (buf[i] < '0' || buf[i] > '9') {
        return -1;
      }
      v = v * 10 + (buf[i] - '0');
    }
    return v;
  }

  /** The number of bytes {@link #writeTo} writes. */
  public int length() {
    return end - start + (terminated() ? 0 : 2);
  }

  /**
   * Writes the field's line(s), terminator included. The last field of a datagram may have arrived
   * without one; it gets a CRLF so that the message stays well-formed.
   */
  public void writeTo(ByteSink sink) {
    sink.write(buf, start, end - start);
    if (!terminated()) {
      sink.write(CRLF, 0, 2);
    }
  }

  private boolean terminated() {
    return end > start && buf[end - 1] == '\n';
  }

  /** Copies the field into {@code out} at {@code pos}; returns the position after it. */
  int copyTo(byte[] out, int pos) {
    int n = end - start;
    System.arraycopy(buf, start, out, pos, n);
    pos += n;
    if (!terminated()) {
      out[pos++] = '\r';
      out[pos++] = '\n';
    }
    return pos;
  }

  @Override
  public String toString() {
    return name.value() + ": " + value();
  }
}
