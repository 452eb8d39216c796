package io.sipher.message;

import io.sipher.message.header.HeaderName;
import io.sipher.message.syntax.ListSplitter;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The header fields of a message in their original order. Lookups take a {@link HeaderName}, so
 * compact and full forms and any spelling of case find the same fields.
 *
 * <p>For a parsed message the fields are kept as the parser's offsets into the message bytes, and a
 * {@link HeaderField} object is made only for a field that is asked for: a proxy typically reads
 * five of a message's dozen or more fields.
 */
public final class Headers implements Iterable<HeaderField> {
  static final Headers EMPTY = new Headers(new HeaderField[0]);

  private final int size;
  private final HeaderName[] names;
  private final byte[] buf;

  /**
   * Four offsets per field into {@code buf} (start, value start, value end, end), as {@link
   * WireScanner.Head} records them; a start of -1 marks a field that is only in {@code fields}.
   * Null when every field is in {@code fields}.
   */
  private final int[] spans;

  /** Fields made so far; created on demand for fields that are spans. */
  private HeaderField[] fields;

  /** Headers of fields already made (a new message). */
  Headers(HeaderField[] fields) {
    this(null, names(fields), null, fields, fields.length);
  }

  /** Headers over parsed bytes; the arrays are the scanner's and are not copied. */
  Headers(byte[] buf, HeaderName[] names, int[] spans, int size) {
    this(buf, names, spans, null, size);
  }

  Headers(byte[] buf, HeaderName[] names, int[] spans, HeaderField[] fields, int size) {
    this.buf = buf;
    this.names = names;
    this.spans = spans;
    this.fields = fields;
    this.size = size;
  }

  private static HeaderName[] names(HeaderField[] fields) {
    HeaderName[] n = new HeaderName[fields.length];
    for (int i = 0; i < fields.length; i++) {
      n[i] = fields[i].name();
    }
    return n;
  }

  /** Header fields read from a block, and how many bytes the block took, empty line included. */
  public record Block(Headers headers, int length) {}

  /**
   * Parses a block of header fields without a start line, such as the headers of a MIME body part
   * (RFC 5621), ending at an empty line or at the end of the range.
   *
   * @throws io.sipher.message.syntax.SipParseException when a line is not a header field
   */
  public static Block parseBlock(byte[] block, int off, int len, ParserLimits limits) {
    WireScanner.Head h = WireScanner.scanBlock(block, off, off + len, limits);
    if (h.error != null) {
      throw new io.sipher.message.syntax.SipParseException("Bad header block: " + h.error);
    }
    byte[] copy = Arrays.copyOfRange(block, off, off + h.headerEnd);
    return new Block(h.headers(copy), h.headerEnd);
  }

  public int size() {
    return size;
  }

  public HeaderField get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    HeaderField[] f = fields;
    if (f == null) {
      fields = f = new HeaderField[size];
    }
    HeaderField field = f[index];
    if (field == null) {
      int s = index * 4; // a span: fields that were never made are always spans
      field =
          new HeaderField(names[index], buf, spans[s], spans[s + 1], spans[s + 2], spans[s + 3]);
      f[index] = field;
    }
    return field;
  }

  /** The name of the field at {@code index}, without making the field. */
  public HeaderName name(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return names[index];
  }

  public List<HeaderField> asList() {
    return new AbstractList<>() {
      @Override
      public HeaderField get(int index) {
        return Headers.this.get(index);
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Iterator<HeaderField> iterator() {
    return asList().iterator();
  }

  /** The index of the first field called {@code name}, or -1. */
  public int indexOf(HeaderName name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The first field called {@code name}, or null. */
  public HeaderField first(HeaderName name) {
    int i = indexOf(name);
    return i < 0 ? null : get(i);
  }

  /** The value of the first field called {@code name}, or null. */
  public String firstValue(HeaderName name) {
    HeaderField f = first(name);
    return f == null ? null : f.value();
  }

  public boolean contains(HeaderName name) {
    return indexOf(name) >= 0;
  }

  /** How many fields are called {@code name}. */
  public int count(HeaderName name) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        n++;
      }
    }
    return n;
  }

  /** Every field called {@code name}, in order. */
  public List<HeaderField> all(HeaderName name) {
    List<HeaderField> out = new ArrayList<>(2);
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        out.add(get(i));
      }
    }
    return out;
  }

  /**
   * Every value of {@code name}: one per field, and for list headers ({@link HeaderName#isList()})
   * each field split at its top-level commas.
   */
  public List<String> values(HeaderName name) {
    List<String> out = new ArrayList<>(2);
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        if (name.isList()) {
          out.addAll(ListSplitter.split(get(i).value()));
        } else {
          out.add(get(i).value());
        }
      }
    }
    return out;
  }

  /** A mutable copy for an editor; no field is made. */
  HeaderTable toTable() {
    return new HeaderTable(buf, names, spans, fields, size);
  }

  private boolean isSpan(int i) {
    return spans != null && spans[i * 4] >= 0;
  }

  private boolean spanTerminated(int i) {
    int end = spans[i * 4 + 3];
    return end > spans[i * 4] && buf[end - 1] == '\n';
  }

  /** Bytes the fields take on the wire. */
  int encodedLength() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      n +=
          isSpan(i)
              ? spans[i * 4 + 3] - spans[i * 4] + (spanTerminated(i) ? 0 : 2)
              : get(i).length();
    }
    return n;
  }

  void writeTo(ByteSink sink) {
    for (int i = 0; i < size; i++) {
      get(i).writeTo(sink);
    }
  }

  /**
   * Copies the fields into {@code out} at {@code pos}. Fields that lay next to each other in the
   * original message are copied as one run, so an edited message costs a few copies, not one per
   * field.
   */
  int copyTo(byte[] out, int pos) {
    int i = 0;
    while (i < size) {
      if (!isSpan(i)) {
        pos = get(i).copyTo(out, pos);
        i++;
        continue;
      }
      int last = i;
      while (last + 1 < size && isSpan(last + 1) && spans[(last + 1) * 4] == spans[last * 4 + 3]) {
        last++;
      }
      int from = spans[i * 4];
      int n = spans[last * 4 + 3] - from;
      System.arraycopy(buf, from, out, pos, n);
      pos += n;
      if (!spanTerminated(last)) {
        out[pos++] = '\r';
        out[pos++] = '\n';
      }
      i = last + 1;
    }
    return pos;
  }
}
