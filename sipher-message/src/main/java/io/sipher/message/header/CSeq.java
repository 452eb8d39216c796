package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;

/**
 * The CSeq header (RFC 3261 §20.16): a sequence number, which must fit 32 unsigned bits (RFC 4475
 * §3.1.2.4), and the request method it belongs to.
 */
public record CSeq(long sequence, String method) {
  public static final long MAX = 0xFFFFFFFFL;

  public CSeq {
    if (sequence < 0 || sequence > MAX) {
      throw new IllegalArgumentException("CSeq out of range: " + sequence);
    }
  }

  @Override
  public String toString() {
    return sequence + " " + method;
  }

  public static CSeq parse(String value) {
    Lexer lx = new Lexer(value, "CSeq header");
    CSeq c = read(lx);
    lx.expectEnd();
    return c;
  }

  static CSeq read(Lexer lx) {
    lx.skipWs();
    long n = lx.number("sequence number", MAX);
    if (!lx.skipWsAny()) {
      throw lx.fail("expected whitespace before method");
    }
    return new CSeq(n, Methods.intern(lx.token("method")));
  }
}
