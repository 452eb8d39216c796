package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;
import java.util.Locale;

/**
 * A media type with parameters (RFC 3261 §20.15 Content-Type, §20.1 Accept): {@code
 * multipart/mixed;boundary=abc}. In an Accept header the type or subtype may be {@code *}.
 */
public record MediaType(String type, String subtype, Parameters parameters) {
  public static final MediaType SDP = new MediaType("application", "sdp", Parameters.EMPTY);

  public MediaType {
    type = type.toLowerCase(Locale.ROOT);
    subtype = subtype.toLowerCase(Locale.ROOT);
    parameters = parameters == null ? Parameters.EMPTY : parameters;
  }

  /** {@code type/subtype} in lower case, without parameters. */
  public String essence() {
    return type + '/' + subtype;
  }

  public boolean is(String type, String subtype) {
    return this.type.equals(type) && this.subtype.equals(subtype);
  }

  /** Whether this (possibly wildcard) range admits {@code other}. */
  public boolean includes(MediaType other) {
    return (type.equals("*") || type.equals(other.type))
        && (subtype.equals("*") || subtype.equals(other.subtype));
  }

  public boolean isMultipart() {
    return type.equals("multipart");
  }

  public String boundary() {
    return parameters.valueOrNull("boundary");
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(32).append(type).append('/').append(subtype);
    parameters.appendTo(sb, ';');
    return sb.toString();
  }

  public static MediaType parse(String value) {
    Lexer lx = new Lexer(value, "media type");
    MediaType m = read(lx);
    lx.expectEnd();
    return m;
  }

  /** Reads {@code type/subtype *(;param)}, stopping before a comma or at the end. */
  public static MediaType read(Lexer lx) {
    lx.skipWs();
    String type = lx.token("media type");
    lx.expectSeparator('/');
    String subtype = lx.token("media subtype");
    return new MediaType(type, subtype, Parameters.parseHeaderParams(lx));
  }
}
