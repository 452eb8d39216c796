package io.sipher.message.header;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.Lexer;

/**
 * One Contact value (RFC 3261 §20.10): an address with {@code expires} and {@code q}, the RFC 5626
 * {@code +sip.instance} and {@code reg-id}, or the wildcard {@code *} of a REGISTER that removes
 * every binding (§10.2.2).
 */
public record Contact(Address address) {
  /** {@code Contact: *}. */
  public static final Contact WILDCARD = new Contact(null);

  /** Expires values saturate here: RFC 3261 §20.19 allows up to 2^32-1 seconds. */
  public static final long MAX_EXPIRES = 0xFFFFFFFFL;

  public boolean isWildcard() {
    return address == null;
  }

  /** The {@code expires} parameter in seconds (saturated at 2^32-1), or -1 when absent. */
  public long expires() {
    String v = address == null ? null : address.parameters().valueOrNull("expires");
    return v == null ? -1 : saturate(v);
  }

  /** The {@code q} parameter, or -1 when absent. */
  public float q() {
    String v = address == null ? null : address.parameters().valueOrNull("q");
    return v == null ? -1f : Float.parseFloat(v);
  }

  /**
   * The {@code +sip.instance} value without its quotes and angle brackets (typically {@code
   * urn:uuid:...}), or null (RFC 5626 §4.1).
   */
  public String instance() {
    String v = address == null ? null : address.parameters().valueOrNull("+sip.instance");
    if (v != null && v.length() >= 2 && v.startsWith("<") && v.endsWith(">")) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** The {@code reg-id} value (RFC 5626 §4.2), or -1. */
  public int regId() {
    String v = address == null ? null : address.parameters().valueOrNull("reg-id");
    return v == null ? -1 : Integer.parseInt(v);
  }

  @Override
  public String toString() {
    return address == null ? "*" : address.toString();
  }

  public static Contact parse(String value) {
    Lexer lx = new Lexer(value, "Contact header");
    Contact c = read(lx);
    lx.expectEnd();
    return c;
  }

  /** Reads one contact or the wildcard, stopping before a comma or at the end. */
  public static Contact read(Lexer lx) {
    lx.skipWs();
    if (lx.peek() == '*') {
      lx.next();
      return WILDCARD;
    }
    Address a = Address.read(lx);
    check(lx, a);
    return new Contact(a);
  }

  private static void check(Lexer lx, Address a) {
    String q = a.parameters().valueOrNull("q");
    if (a.parameters().contains("q") && (q == null || !isQValue(q))) {
      throw lx.fail("q must be a qvalue between 0 and 1");
    }
    if (a.parameters().contains("expires")) {
      String e = a.parameters().valueOrNull("expires");
      if (e == null || e.isEmpty() || !e.chars().allMatch(Chars::isDigit)) {
        throw lx.fail("expires must be delta-seconds");
      }
    }
    if (a.parameters().contains("reg-id")) {
      String r = a.parameters().valueOrNull("reg-id");
      if (r == null || r.isEmpty() || r.length() > 9 || !r.chars().allMatch(Chars::isDigit)) {
        throw lx.fail("reg-id must be a number");
      }
    }
  }

  /** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). */
  static boolean isQValue(String q) {
    if (q.isEmpty() || q.length() > 5 || (q.charAt(0) != '0' && q.charAt(0) != '1')) {
      return false;
    }
    if (q.length() == 1) {
      return true;
    }
    if (q.charAt(1) != '.') {
      return false;
    }
    for (int i = 2; i < q.length(); i++) {
      char c = q.charAt(i);
      if (q.charAt(0) == '1' ? c != '0' : !Chars.isDigit(c)) {
        return false;
      }
    }
    return true;
  }

  static long saturate(String digits) {
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      v = Math.min(MAX_EXPIRES, v * 10 + (digits.charAt(i) - '0'));
    }
    return v;
  }
}
