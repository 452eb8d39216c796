package io.sipher.message;

import io.sipher.message.header.HeaderName;
import io.sipher.message.syntax.ListSplitter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The header fields of a message in their original order. Lookups take a {@link HeaderName}, so
 * compact and full forms and any spelling of case find the same fields.
 */
public final class Headers implements Iterable<HeaderField> {
  static final Headers EMPTY = new Headers(new HeaderField[0], 0);

  private final HeaderField[] fields;
  private final int size;

  Headers(HeaderField[] fields, int size) {
    this.fields = fields;
    this.size = size;
  }

  static Headers of(List<HeaderField> list) {
    return new Headers(list.toArray(new HeaderField[0]), list.size());
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
    return fields[index];
  }

  public List<HeaderField> asList() {
    return Collections.unmodifiableList(Arrays.asList(fields).subList(0, size));
  }

  @Override
  public Iterator<HeaderField> iterator() {
    return asList().iterator();
  }

  /** The first field called {@code name}, or null. */
  public HeaderField first(HeaderName name) {
    for (int i = 0; i < size; i++) {
      if (fields[i].name().equals(name)) {
        return fields[i];
      }
    }
    return null;
  }

  /** The value of the first field called {@code name}, or null. */
  public String firstValue(HeaderName name) {
    HeaderField f = first(name);
    return f == null ? null : f.value();
  }

  public boolean contains(HeaderName name) {
    return first(name) != null;
  }

  /** How many fields are called {@code name}. */
  public int count(HeaderName name) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (fields[i].name().equals(name)) {
        n++;
      }
    }
    return n;
  }

  /** Every field called {@code name}, in order. */
  public List<HeaderField> all(HeaderName name) {
    List<HeaderField> out = new ArrayList<>(2);
    for (int i = 0; i < size; i++) {
      if (fields[i].name().equals(name)) {
        out.add(fields[i]);
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
      if (fields[i].name().equals(name)) {
        if (name.isList()) {
          out.addAll(ListSplitter.split(fields[i].value()));
        } else {
          out.add(fields[i].value());
        }
      }
    }
    return out;
  }

  HeaderField[] array() {
    return fields;
  }
}
