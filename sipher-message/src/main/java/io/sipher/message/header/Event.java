package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;

/**
 * The Event header (RFC 6665 §8.2.1): a package name such as {@code presence} and an {@code id}.
 */
public record Event(String type, Parameters parameters) {

  public String id() {
    return parameters.valueOrNull("id");
  }

  /** The event package: the type without its template suffixes ({@code presence.winfo}). */
  public String packageName() {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  @Override
  public String toString() {
    return type + parameters;
  }

  public static Event parse(String value) {
    Lexer lx = new Lexer(value, "Event header");
    Event e = read(lx);
    lx.expectEnd();
    return e;
  }

  static Event read(Lexer lx) {
    lx.skipWs();
    String type = lx.token("event type");
    return new Event(type, Parameters.parseHeaderParams(lx));
  }
}
