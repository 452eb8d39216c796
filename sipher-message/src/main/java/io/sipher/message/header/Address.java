package io.sipher.message.header;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.Lexer;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.uri.Parameters;
import io.sipher.message.uri.SipUri;
import io.sipher.message.uri.Uri;

/**
 * A {@code name-addr} or {@code addr-spec} with header parameters: the value of From, To, Contact,
 * Route, Record-Route, Path, Refer-To and similar headers (RFC 3261 §20.10).
 *
 * <p>When a value has no angle brackets, everything after the URI's first {@code ;} is a header
 * parameter, and a URI with {@code ?} or {@code ,} must be bracketed (RFC 3261 §20.10, RFC 4475
 * §3.1.2.13). {@code displayName} is null when absent. {@code bracketed} records the form; it is
 * forced on where the bare form would change the meaning (a display name, URI parameters or
 * headers, a non-SIP URI).
 */
public record Address(String displayName, Uri uri, Parameters parameters, boolean bracketed) {

  public Address {
    if (uri == null) {
      throw new IllegalArgumentException("uri is null");
    }
    parameters = parameters == null ? Parameters.EMPTY : parameters;
    bracketed = bracketed || displayName != null || !(uri instanceof SipUri s) || !plainUri(s);
  }

  /** An address written as {@code <uri>}. */
  public static Address of(Uri uri) {
    return new Address(null, uri, Parameters.EMPTY, true);
  }

  public static Address of(String displayName, Uri uri) {
    return new Address(displayName, uri, Parameters.EMPTY, true);
  }

  private static boolean plainUri(SipUri s) {
    return s.parameters().isEmpty() && s.headers().isEmpty();
  }

  /** The {@code tag} parameter (RFC 3261 §19.3), or null. */
  public String tag() {
    return parameters.valueOrNull("tag");
  }

  /** The URI as a SIP URI, or null when it has another scheme. */
  public SipUri sipUri() {
    return uri instanceof SipUri s ? s : null;
  }

  public Address withTag(String tag) {
    return withParameter("tag", tag);
  }

  public Address withParameter(String name, String value) {
    return new Address(displayName, uri, parameters.with(name, value), bracketed);
  }

  public Address withoutParameter(String name) {
    return new Address(displayName, uri, parameters.without(name), bracketed);
  }

  public Address withUri(Uri newUri) {
    return new Address(displayName, newUri, parameters, bracketed);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(96);
    appendTo(sb);
    return sb.toString();
  }

  public void appendTo(StringBuilder sb) {
    if (displayName != null) {
      Parameters.appendQuoted(sb, displayName);
      sb.append(' ');
    }
    if (bracketed) {
      sb.append('<').append(uri).append('>');
    } else {
      sb.append(uri);
    }
    parameters.appendTo(sb, ';');
  }

  /** Parses one address: the whole of {@code value}. */
  public static Address parse(String value) {
    Lexer lx = new Lexer(value, "address");
    Address a = read(lx);
    lx.expectEnd();
    return a;
  }

  /** Reads one address at the lexer's position, stopping before a comma or at the end. */
  public static Address read(Lexer lx) {
    lx.skipWs();
    int start = lx.pos();
    String displayName = null;
    boolean nameAddr = false;
    if (lx.peek() == '"') {
      displayName = lx.quotedString();
      lx.skipWs();
      if (lx.peek() != '<') {
        throw lx.fail("expected '<' after display name");
      }
      nameAddr = true;
    } else if (lx.peek() == '<') {
      nameAddr = true;
    } else {
      // Either *(token LWS) "<" (a display name of tokens) or an addr-spec.
      int end = -1;
      while (Chars.isToken(lx.peek())) {
        lx.tokenOrNull();
        end = lx.pos();
        lx.skipWs();
      }
      if (end > start && lx.peek() == '<') {
        displayName = lx.text().substring(start, end);
        nameAddr = true;
      } else {
        lx.pos(start);
      }
    }
    Uri uri;
    if (nameAddr) {
      lx.expect('<');
      String text = lx.text();
      int close = text.indexOf('>', lx.pos());
      if (close < 0) {
        throw lx.fail("missing '>'");
      }
      uri = parseUri(lx, text.substring(lx.pos(), close));
      lx.pos(close + 1);
    } else {
      String text = lx.text();
      int end = lx.pos();
      while (end < text.length()) {
        char c = text.charAt(end);
        if (c == ';' || c == ',' || Chars.isWhitespace(c)) {
          break;
        }
        end++;
      }
      String uriText = text.substring(lx.pos(), end);
      if (uriText.indexOf('?') >= 0) {
        throw lx.fail("a URI with '?' must be enclosed in '<' '>'");
      }
      uri = parseUri(lx, uriText);
      lx.pos(end);
    }
    Parameters params = Parameters.parseHeaderParams(lx);
    return new Address(displayName, uri, params, nameAddr);
  }

  private static Uri parseUri(Lexer lx, String text) {
    if (text.isEmpty()) {
      throw lx.fail("empty URI");
    }
    if (Chars.isWhitespace(text.charAt(0)) || Chars.isWhitespace(text.charAt(text.length() - 1))) {
      throw lx.fail("whitespace inside '<' '>'");
    }
    try {
      return Uri.parse(text);
    } catch (SipParseException e) {
      throw lx.fail(Lexer.nested(e));
    }
  }
}
