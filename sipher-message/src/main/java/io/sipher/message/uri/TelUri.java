package io.sipher.message.uri;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.Escaping;
import io.sipher.message.syntax.SipParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@code tel:} URI (RFC 3966): a global number ({@code tel:+1-201-555-0123}) or a local one with
 * a {@code phone-context} ({@code tel:7042;phone-context=example.com}), plus parameters.
 */
public final class TelUri implements Uri {
  private final String number;
  private final Parameters params;
  private final String text;

  private TelUri(String number, Parameters params, String text) {
    this.number = number;
    this.params = params;
    this.text = text;
  }

  /** The number as written, visual separators included. */
  public String number() {
    return number;
  }

  public boolean isGlobal() {
    return number.startsWith("+");
  }

  /** The number without visual separators ({@code -.()}), hex digits upper-cased. */
  public String digits() {
    StringBuilder sb = new StringBuilder(number.length());
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (!isVisualSeparator(c)) {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  public Parameters parameters() {
    return params;
  }

  @Override
  public String scheme() {
    return "tel";
  }

  /**
   * RFC 3966 §4: both global or both local, the same digits once visual separators are removed, and
   * the same set of parameters in any order, compared without case.
   */
  @Override
  public boolean equivalent(Uri other) {
    if (!(other instanceof TelUri o) || isGlobal() != o.isGlobal()) {
      return false;
    }
    if (!digits().equals(o.digits()) || params.size() != o.params.size()) {
      return false;
    }
    for (Parameters.Parameter p : params) {
      Parameters.Parameter q = o.params.find(p.name());
      if (q == null) {
        return false;
      }
      String a = p.value() == null ? null : Escaping.comparisonForm(p.value());
      String b = q.value() == null ? null : Escaping.comparisonForm(q.value());
      if (p.name().equalsIgnoreCase("phone-context") && a != null && b != null) {
        a = stripSeparators(a);
        b = stripSeparators(b);
      }
      if (a == null ? b != null : !a.equalsIgnoreCase(b)) {
        return false;
      }
    }
    return true;
  }

  private static String stripSeparators(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      if (!isVisualSeparator(s.charAt(i))) {
        sb.append(s.charAt(i));
      }
    }
    return sb.toString();
  }

  private static boolean isVisualSeparator(char c) {
    return c == '-' || c == '.' || c == '(' || c == ')';
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TelUri other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * Parses a tel URI; a local number without {@code phone-context} is refused (RFC 3966 §5.1.5).
   */
  public static TelUri parse(String s) {
    if (!s.regionMatches(true, 0, "tel:", 0, 4)) {
      throw new SipParseException("Bad URI: not a tel URI");
    }
    int i = 4;
    int end = s.indexOf(';', i);
    if (end < 0) {
      end = s.length();
    }
    String number = s.substring(i, end);
    boolean global = number.startsWith("+");
    int digits = 0;
    for (int k = global ? 1 : 0; k < number.length(); k++) {
      char c = number.charAt(k);
      if (Chars.isDigit(c) || (!global && (Chars.isHexDigit(c) || c == '*' || c == '#'))) {
        digits++;
      } else if (!isVisualSeparator(c)) {
        throw new SipParseException("Bad URI: invalid character in telephone number");
      }
    }
    if (digits == 0) {
      throw new SipParseException("Bad URI: telephone number has no digits");
    }
    List<Parameters.Parameter> params = new ArrayList<>(2);
    i = end;
    while (i < s.length()) {
      int next = s.indexOf(';', i + 1);
      if (next < 0) {
        next = s.length();
      }
      String pair = s.substring(i + 1, next);
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? null : pair.substring(eq + 1);
      if (name.isEmpty() || !isParamName(name)) {
        throw new SipParseException("Bad URI: invalid tel parameter name");
      }
      if (value != null
          && (value.isEmpty()
              || !Escaping.isValid(value, 0, value.length(), Chars.URI_PARAM_PART))) {
        throw new SipParseException("Bad URI: invalid tel parameter value");
      }
      params.add(new Parameters.Parameter(name.toLowerCase(Locale.ROOT), value, false));
      i = next;
    }
    Parameters p = Parameters.owned(params);
    if (!global && !p.contains("phone-context")) {
      throw new SipParseException("Bad URI: local tel number without phone-context");
    }
    return new TelUri(number, p, s);
  }

  private static boolean isParamName(String name) {
    for (int k = 0; k < name.length(); k++) {
      char c = name.charAt(k);
      if (!Chars.isAlpha(c) && !Chars.isDigit(c) && c != '-') {
        return false;
      }
    }
    return true;
  }
}
