package io.sipher.message;

import io.sipher.message.header.HeaderName;
import java.util.Arrays;

/**
 * The editable list of an editor's header fields. Fields taken over from the original message stay
 * offsets into its bytes and are made into {@link HeaderField} objects only when read, so an edit
 * that touches two fields of fifteen costs two fields, and writing it copies the untouched ones in
 * a few runs.
 */
final class HeaderTable {
  private final byte[] buf;
  private HeaderName[] names;
  private int[] spans;
  private HeaderField[] fields;
  private int size;

  /** The arrays were handed to a built message: copy them before the next change. */
  private boolean shared;

  HeaderTable(byte[] buf, HeaderName[] names, int[] spans, HeaderField[] fields, int size) {
    int capacity = size + 4;
    this.buf = buf;
    this.names = Arrays.copyOf(names, capacity);
    this.spans = spans == null ? null : Arrays.copyOf(spans, capacity * 4);
    this.fields = fields == null ? new HeaderField[capacity] : Arrays.copyOf(fields, capacity);
    this.size = size;
  }

  HeaderTable() {
    this(null, new HeaderName[0], null, null, 0);
  }

  int size() {
    return size;
  }

  HeaderName name(int i) {
    return names[i];
  }

  /** The field at {@code i}, made from its bytes if needed. */
  HeaderField field(int i) {
    HeaderField f = fields[i];
    if (f == null) {
      int s = i * 4;
      f = new HeaderField(names[i], buf, spans[s], spans[s + 1], spans[s + 2], spans[s + 3]);
      fields[i] = f;
    }
    return f;
  }

  int decimalValue(int i) {
    HeaderField f = fields[i];
    if (f != null) {
      return f.decimalValue();
    }
    return HeaderField.decimalValue(buf, spans[i * 4 + 1], spans[i * 4 + 2]);
  }

  int indexOf(HeaderName name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  void add(HeaderField f) {
    add(size, f);
  }

  void add(int at, HeaderField f) {
    unshare();
    if (size == names.length) {
      int capacity = size * 2 + 4;
      names = Arrays.copyOf(names, capacity);
      fields = Arrays.copyOf(fields, capacity);
      if (spans != null) {
        spans = Arrays.copyOf(spans, capacity * 4);
      }
    }
    System.arraycopy(names, at, names, at + 1, size - at);
    System.arraycopy(fields, at, fields, at + 1, size - at);
    if (spans != null) {
      System.arraycopy(spans, at * 4, spans, at * 4 + 4, (size - at) * 4);
      spans[at * 4] = -1;
    }
    names[at] = f.name();
    fields[at] = f;
    size++;
  }

  void set(int at, HeaderField f) {
    unshare();
    names[at] = f.name();
    fields[at] = f;
    if (spans != null) {
      spans[at * 4] = -1;
    }
  }

  void remove(int at) {
    unshare();
    System.arraycopy(names, at + 1, names, at, size - at - 1);
    System.arraycopy(fields, at + 1, fields, at, size - at - 1);
    if (spans != null) {
      System.arraycopy(spans, at * 4 + 4, spans, at * 4, (size - at - 1) * 4);
    }
    size--;
    names[size] = null;
    fields[size] = null;
  }

  /**
   * The headers as they now stand. The arrays are handed over without a copy; should the editor be
   * used again, it copies them first, so a built message never changes.
   */
  Headers toHeaders() {
    shared = true;
    return new Headers(buf, names, spans, fields, size);
  }

  private void unshare() {
    if (shared) {
      names = Arrays.copyOf(names, names.length);
      fields = Arrays.copyOf(fields, fields.length);
      spans = spans == null ? null : Arrays.copyOf(spans, spans.length);
      shared = false;
    }
  }
}
