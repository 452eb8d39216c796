package io.sipher.message.syntax;

/**
 * The one exception the codec throws for malformed input: a typed header view, URI or body that
 * does not follow its grammar. It carries a short, human reason that names the problem and is fit
 * for a SIP reason phrase ("Bad Via header: empty parameter").
 *
 * <p>Whole-message parsing never throws: {@link io.sipher.message.SipParser} and {@link
 * io.sipher.message.StreamFramer} report malformed messages as {@link
 * io.sipher.message.ParseResult.Malformed} values. This exception is for the lazily parsed parts,
 * whose failures surface on first access.
 */
public final class SipParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SipParseException(String reason) {
    super(printable(reason), null, false, false);
  }

  /**
   * Reasons often quote the offending input; control characters are written as {@code \xNN} so that
   * a reason is always safe as a Reason-Phrase (RFC 3261 §25.1) and on a terminal.
   */
  static String printable(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f;
      if (control && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (control) {
        sb.append(String.format("\\x%02X", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  /** The reason, suitable as (part of) a SIP reason phrase. */
  public String reason() {
    return getMessage();
  }

  /** The reason without its leading "Bad <thing>: ", for nesting in another reason. */
  public String detail() {
    String r = getMessage();
    int colon = r.indexOf(": ");
    return r.startsWith("Bad ") && colon > 0 ? r.substring(colon + 2) : r;
  }
}
