package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.HostPort;

/**
 * One Warning value (RFC 3261 §20.43): a three-digit code, the agent that added it and a quoted
 * text. A code of other than three digits is malformed (RFC 4475 §3.1.2.5).
 */
public record Warning(int code, String agent, String text) {

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(code).append(' ').append(agent).append(' ');
    io.sipher.message.uri.Parameters.appendQuoted(sb, text);
    return sb.toString();
  }

  public static Warning parse(String value) {
    Lexer lx = new Lexer(value, "Warning header");
    Warning w = read(lx);
    lx.expectEnd();
    return w;
  }

  static Warning read(Lexer lx) {
    lx.skipWs();
    int start = lx.pos();
    while (io.sipher.message.syntax.Chars.isDigit(lx.peek())) {
      lx.next();
    }
    if (lx.pos() - start != 3) {
      throw lx.fail("warn-code must be three digits");
    }
    int code = Integer.parseInt(lx.text().substring(start, start + 3));
    if (!lx.skipWsAny()) {
      throw lx.fail("expected whitespace after warn-code");
    }
    // warn-agent = hostport / pseudonym (a token)
    int agentStart = lx.pos();
    String agent;
    try {
      agent = HostPort.parse(lx).toString();
    } catch (RuntimeException e) {
      lx.pos(agentStart);
      agent = lx.token("warn-agent");
    }
    if (!lx.skipWsAny()) {
      throw lx.fail("expected whitespace after warn-agent");
    }
    if (lx.peek() != '"') {
      throw lx.fail("warn-text must be a quoted string");
    }
    return new Warning(code, agent, lx.quotedString());
  }
}
