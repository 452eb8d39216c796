package io.sipher.message.uri;

import io.sipher.message.syntax.Chars;
import io.sipher.message.syntax.SipParseException;
import java.util.Locale;

/**
 * A URI in a SIP message: {@link SipUri} for {@code sip:}/{@code sips:}, {@link TelUri} for {@code
 * tel:} (RFC 3966), and {@link AbsoluteUri} for any other scheme, which is kept opaque.
 *
 * <p>{@link #equals} compares the written form; {@link #equivalent} applies the scheme's own
 * comparison rules (RFC 3261 §19.1.4 for SIP), which are not an equivalence relation and so cannot
 * be {@code equals}.
 */
public sealed interface Uri permits SipUri, TelUri, AbsoluteUri {

  /** The scheme in lower case: {@code sip}, {@code sips}, {@code tel}, ... */
  String scheme();

  /** Whether two URIs identify the same resource by the rules of their scheme. */
  boolean equivalent(Uri other);

  /** The wire form of the URI. */
  @Override
  String toString();

  /**
   * Parses any URI. The text must be the bare URI: no surrounding whitespace or angle brackets.
   *
   * @throws SipParseException when the text is not a URI or breaks its scheme's grammar
   */
  static Uri parse(String text) {
    String scheme = schemeOf(text);
    return switch (scheme) {
      case "sip", "sips" -> SipUri.parse(text);
      case "tel" -> TelUri.parse(text);
      default -> AbsoluteUri.parse(text, scheme);
    };
  }

  /** The lower-case scheme of {@code text}, validated per RFC 3986 §3.1. */
  static String schemeOf(String text) {
    // The schemes of nearly every message, as senders write them, without a scan.
    if (text.startsWith("sip:")) {
      return "sip";
    }
    if (text.startsWith("sips:")) {
      return "sips";
    }
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new SipParseException("Bad URI: no scheme in '" + abbreviate(text) + "'");
    }
    if (!Chars.isAlpha(text.charAt(0))) {
      throw new SipParseException("Bad URI: scheme must start with a letter");
    }
    for (int i = 1; i < colon; i++) {
      if (!Chars.isSchemeChar(text.charAt(i))) {
        throw new SipParseException("Bad URI: invalid scheme '" + abbreviate(text) + "'");
      }
    }
    // The common schemes are matched without allocating.
    if (colon == 3 && text.regionMatches(true, 0, "sip", 0, 3)) {
      return "sip";
    }
    if (colon == 4 && text.regionMatches(true, 0, "sips", 0, 4)) {
      return "sips";
    }
    if (colon == 3 && text.regionMatches(true, 0, "tel", 0, 3)) {
      return "tel";
    }
    return text.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
