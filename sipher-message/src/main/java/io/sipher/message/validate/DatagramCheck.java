package io.sipher.message.validate;

import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;

/**
 * Parses one datagram and validates the message in it: what a server decides about a UDP packet
 * before it acts on it. {@code sipher lint} prints these results.
 */
public final class DatagramCheck {
  private final SipParser parser;
  private final MessageValidator validator;

  public DatagramCheck(SipParser parser, MessageValidator validator) {
    this.parser = parser;
    this.validator = validator;
  }

  public DatagramCheck() {
    this(new SipParser(), new MessageValidator());
  }

  /** Where a message was refused. */
  public enum Stage {
    PARSE,
    VALIDATE
  }

  /**
   * The outcome for one datagram.
   *
   * @param valid whether a server goes on to process the message
   * @param statusCode the error response for an invalid request; null for a message to discard
   * @param reason why it is invalid, or null
   * @param stage where it was refused, or null when valid
   * @param keepAlive whether the datagram was only a CRLF keep-alive
   */
  public record Result(
      boolean valid, Integer statusCode, String reason, Stage stage, boolean keepAlive) {

    static final Result VALID = new Result(true, null, null, null, false);

    /** Whether the message is to be dropped without an answer. */
    public boolean discard() {
      return !valid && statusCode == null;
    }
  }

  public Result check(byte[] datagram) {
    ParseResult parsed = parser.parseDatagram(datagram);
    if (parsed instanceof ParseResult.KeepAlive) {
      return new Result(true, null, null, null, true);
    }
    if (parsed instanceof ParseResult.Malformed m) {
      Integer status = m.error().response() ? null : m.error().statusCode();
      return new Result(false, status, m.error().reason(), Stage.PARSE, false);
    }
    Verdict verdict = validator.validate(((ParseResult.Parsed) parsed).message());
    if (verdict instanceof Verdict.Reject r) {
      return new Result(false, r.statusCode(), r.reason(), Stage.VALIDATE, false);
    }
    if (verdict instanceof Verdict.Discard d) {
      return new Result(false, null, d.reason(), Stage.VALIDATE, false);
    }
    return Result.VALID;
  }
}
