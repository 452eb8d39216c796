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

  /** Four offsets per field, as {@link WireScanner.Head} records them; null when built. */
  private final int[] spans;

  private HeaderField[] fields;

  /** Headers of fields already made (an edited or new message). */
  Headers(HeaderField[] fields) {
    this.size = fields.length;
    this.fields = fields;
    this.names = new HeaderName[size];
    for (int i = 0; i < size; i++) {
      names[i] = fields[i].name();
    }
    this.buf = null;
    this.spans = null;
  }

  /** Headers over parsed bytes; the arrays are the scanner's and are not copied. */
  Headers(byte[] buf, HeaderName[] names, int[] spans, int size) {
    this.size = size;
    this.names = names;
    this.buf = buf;
    this.spans = spans;
  }

  static Headers of(List<HeaderField> list) {
    return new Headers(list.toArray(new HeaderField[0]));
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
      int s = index * 4;
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

  /** Every field, made if not yet made: for editors, which copy them all. */
  List<HeaderField> toList() {
    List<HeaderField> out = new ArrayList<>(size + 4);
    for (int i = 0; i < size; i++) {
      out.add(get(i));
    }
    return out;
  }

  /** Bytes the fields take on the wire. */
  int encodedLength() {
    if (spans != null) {
      int n = 0;
      for (int i = 0; i < size; i++) {
        n += spans[i * 4 + 3] - spans[i * 4] + (terminated(i) ? 0 : 2);
      }
      return n;
    }
    int n = 0;
    for (int i = 0; i < size; i++) {
      n += fields[i].length();
    }
    return n;
  }

  private boolean terminated(int i) {
    int end = spans[i * 4 + 3];
    return end > spans[i * 4] && buf[end - 1] == '\n';
  }

  void writeTo(ByteSink sink) {
    for (int i = 0; i < size; i++) {
      get(i).writeTo(sink);
    }
  }

  int copyTo(byte[] out, int pos) {
    for (int i = 0; i < size; i++) {
      pos = get(i).copyTo(out, pos);
    }
    return pos;
  }
}
