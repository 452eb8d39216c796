package io.sipher.message.uri;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.Lexer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * An ordered, immutable list of {@code name[=value]} parameters, as they appear after a URI ({@code
 * ;transport=tls}) or a header value ({@code ;tag=a6c85cf}). Names compare without case (RFC 3261
 * §7.3.1); values are kept as written, and a quoted value remembers that it was quoted so that it
 * is written back the same way.
 */
public final class Parameters implements Iterable<Parameters.Parameter> {
  public static final Parameters EMPTY = new Parameters(List.of());

  /**
   * One parameter. {@code value} is null for a parameter without {@code =}; for a quoted value it
   * is the content with quoted-pairs resolved.
   */
  public record Parameter(String name, String value, boolean quoted) {
    public Parameter {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("parameter name is empty");
      }
    }
  }

  private final List<Parameter> list;

  private Parameters(List<Parameter> list) {
    this.list = list;
  }

  public static Parameters of(List<Parameter> list) {
    return list.isEmpty() ? EMPTY : new Parameters(List.copyOf(list));
  }

  /** Wraps a list the caller has just built and will never change (parsers), without a copy. */
  static Parameters owned(List<Parameter> list) {
    return list.isEmpty() ? EMPTY : new Parameters(list);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public int size() {
    return list.size();
  }

  public List<Parameter> asList() {
    return Collections.unmodifiableList(list);
  }

  @Override
  public Iterator<Parameter> iterator() {
    return list.iterator();
  }

  public boolean contains(String name) {
    return find(name) != null;
  }

  /** The value of the first parameter called {@code name}; empty when absent or valueless. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(valueOrNull(name));
  }

  /** The value of the first parameter called {@code name}, or null when absent or valueless. */
  public String valueOrNull(String name) {
    Parameter p = find(name);
    return p == null ? null : p.value();
  }

  public Parameter find(String name) {
    for (int i = 0; i < list.size(); i++) {
      Parameter p = list.get(i);
      if (p.name().equalsIgnoreCase(name)) {
        return p;
      }
    }
    return null;
  }

  /**
   * A copy with {@code name} set to {@code value} (null for a flag), in place or appended. A value
   * that is not a token or host is written as a quoted string.
   *
   * @throws IllegalArgumentException when the name is not a token, or the value holds CR or LF
   */
  public Parameters with(String name, String value) {
    if (!Chars.isToken(name)) {
      throw new IllegalArgumentException("parameter name is not a token: " + name);
    }
    boolean quoted = value != null && !isPlainValue(value);
    if (quoted && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0)) {
      throw new IllegalArgumentException("parameter value holds CR or LF: " + name);
    }
    return with(new Parameter(name, value, quoted));
  }

  public Parameters with(Parameter parameter) {
    List<Parameter> copy = new ArrayList<>(list.size() + 1);
    boolean replaced = false;
    for (Parameter p : list) {
      if (!replaced && p.name().equalsIgnoreCase(parameter.name())) {
        copy.add(parameter);
        replaced = true;
      } else {
        copy.add(p);
      }
    }
    if (!replaced) {
      copy.add(parameter);
    }
    return new Parameters(List.copyOf(copy));
  }

  /** A copy without any parameter called {@code name}. */
  public Parameters without(String name) {
    if (!contains(name)) {
      return this;
    }
    List<Parameter> copy = new ArrayList<>(list.size());
    for (Parameter p : list) {
      if (!p.name().equalsIgnoreCase(name)) {
        copy.add(p);
      }
    }
    return of(copy);
  }

  /** Writes each parameter as {@code separator name[=value]}, quoting where it was quoted. */
  public void appendTo(StringBuilder out, char separator) {
    for (Parameter p : list) {
      out.append(separator).append(p.name());
      if (p.value() != null) {
        out.append('=');
        if (p.quoted()) {
          appendQuoted(out, p.value());
        } else {
          out.append(p.value());
        }
      }
    }
  }

  /**
   * Writes {@code s} as a quoted-string, escaping {@code "}, {@code \} and control characters.
   *
   * @throws IllegalArgumentException for CR or LF, which a quoted-pair cannot carry (RFC 3261
   *     §25.1)
   */
  public static void appendQuoted(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException("a quoted string cannot hold CR or LF");
      }
      if (c == '"' || c == '\\' || c < 0x20 && c != '\t' || c == 0x7f) {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb, ';');
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Parameters other && list.equals(other.list);
  }

  @Override
  public int hashCode() {
    return list.hashCode();
  }

  /**
   * Reads header parameters, {@code *( SEMI generic-param )}, stopping before a comma or at the
   * end. An empty parameter ({@code ;;} or a trailing {@code ;}) is an error (RFC 4475 §3.1.2.1).
   */
  public static Parameters parseHeaderParams(Lexer lx) {
    if (!lx.separator(';')) {
      return EMPTY;
    }
    List<Parameter> out = new ArrayList<>(4);
    do {
      String name = lx.token("parameter name");
      if (lx.separator('=')) {
        boolean quoted = lx.peek() == '"';
        out.add(new Parameter(name, lx.genValue(name), quoted));
      } else {
        out.add(new Parameter(name, null, false));
      }
    } while (lx.separator(';'));
    return new Parameters(out);
  }

  /** True when {@code s} may be written as an unquoted parameter value (token or host). */
  public static boolean isPlainValue(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Chars.isToken(c) && c != ':' && c != '[' && c != ']') {
        return false;
      }
    }
    return true;
  }
}
