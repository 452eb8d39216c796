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
    super(reason, null, false, false);
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
