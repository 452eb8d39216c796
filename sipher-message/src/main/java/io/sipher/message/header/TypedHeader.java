package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How to read one header's values as a Java type: the header name, the parser of one value, and
 * whether a field holds a comma-separated list of them. {@link SipHeaders} has the instances for
 * the headers sipher understands; messages parse and cache typed values on first access.
 *
 * @param <T> the type of one value
 */
public final class TypedHeader<T> {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final int id;
  private final HeaderName name;
  private final Function<Lexer, T> reader;
  private final boolean list;
  private final boolean emptyAllowed;
  private final String description;

  private TypedHeader(
      HeaderName name, Function<Lexer, T> reader, boolean list, boolean emptyAllowed) {
    this.description = name.value() + " header";
    this.id = IDS.getAndIncrement();
    this.name = name;
    this.reader = reader;
    this.list = list;
    this.emptyAllowed = emptyAllowed;
  }

  /** A header with one value per field. */
  public static <T> TypedHeader<T> single(HeaderName name, Function<Lexer, T> reader) {
    return new TypedHeader<>(name, reader, false, false);
  }

  /** A header whose fields hold {@code value *(COMMA value)}. */
  public static <T> TypedHeader<T> list(HeaderName name, Function<Lexer, T> reader) {
    return new TypedHeader<>(name, reader, true, false);
  }

  /** A list header whose field may also be empty ({@code Supported:} with no option tags). */
  public static <T> TypedHeader<T> optionalList(HeaderName name, Function<Lexer, T> reader) {
    return new TypedHeader<>(name, reader, true, true);
  }

  /** A small dense number, unique per instance, that messages use to index their caches. */
  public int id() {
    return id;
  }

  /** How many typed headers exist, an upper bound on {@link #id()}. */
  public static int count() {
    return IDS.get();
  }

  public HeaderName name() {
    return name;
  }

  public boolean isList() {
    return list;
  }

  /**
   * Parses one field's value, adding each value it holds to {@code out}.
   *
   * @throws io.sipher.message.syntax.SipParseException when the value breaks the grammar
   */
  public void parseField(String value, List<T> out) {
    Lexer lx = new Lexer(value, description);
    if (list) {
      lx.skipWs();
      if (lx.atEnd()) {
        if (emptyAllowed) {
          return;
        }
        throw lx.fail("empty value");
      }
      do {
        out.add(reader.apply(lx));
      } while (lx.separator(','));
    } else {
      out.add(reader.apply(lx));
    }
    lx.expectEnd();
  }

  /**
   * Parses only the first value of a list field: the rest must start with a comma but is not read.
   */
  public T parseFirst(String value) {
    Lexer lx = new Lexer(value, description);
    lx.skipWs();
    T t = reader.apply(lx);
    lx.skipWs();
    if (!lx.atEnd() && (!list || lx.peek() != ',')) {
      throw lx.fail("unexpected '" + (char) lx.peek() + "'");
    }
    return t;
  }

  /** Parses a single value, the whole of {@code value}. */
  public T parse(String value) {
    Lexer lx = new Lexer(value, description);
    T t = reader.apply(lx);
    lx.expectEnd();
    return t;
  }

  @Override
  public String toString() {
    return name.value();
  }
}
