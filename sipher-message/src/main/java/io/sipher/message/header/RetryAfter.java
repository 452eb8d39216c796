package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;

/**
 * The Retry-After header (RFC 3261 §20.33): {@code delta-seconds [comment] *(;param)}. The delay
 * must fit 32 unsigned bits (RFC 4475 §3.1.2.5).
 */
public record RetryAfter(long seconds, String comment, Parameters parameters) {

  /** The {@code duration} parameter in seconds, or -1. */
  public long duration() {
    String v = parameters.valueOrNull("duration");
    return v == null ? -1 : Contact.saturate(v);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder().append(seconds);
    if (comment != null) {
      sb.append(" (").append(comment).append(')');
    }
    parameters.appendTo(sb, ';');
    return sb.toString();
  }

  public static RetryAfter parse(String value) {
    Lexer lx = new Lexer(value, "Retry-After header");
    RetryAfter r = read(lx);
    lx.expectEnd();
    return r;
  }

  static RetryAfter read(Lexer lx) {
    lx.skipWs();
    long seconds = lx.number("delta-seconds", CSeq.MAX);
    lx.skipWs();
    String comment = null;
    if (lx.peek() == '(') {
      comment = readComment(lx);
    }
    Parameters params = Parameters.parseHeaderParams(lx);
    if (params.contains("duration") && !HeaderValues.isDigits(params.get("duration").orElse(""))) {
      throw lx.fail("duration must be delta-seconds");
    }
    return new RetryAfter(seconds, comment, params);
  }

  /** comment = "(" *(ctext / quoted-pair / comment) ")"; returns the text inside. */
  private static String readComment(Lexer lx) {
    int start = lx.pos() + 1;
    int depth = 0;
    do {
      char c = lx.next();
      if (c == '\\') {
        lx.next();
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
    } while (depth > 0);
    return lx.text().substring(start, lx.pos() - 1);
  }
}
