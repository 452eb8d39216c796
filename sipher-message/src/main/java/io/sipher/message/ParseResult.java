package io.sipher.message;

/**
 * What the parser or framer made of some bytes: a message, a malformed message, or a keep-alive.
 * Parsing never throws for bad input; it returns one of these.
 */
public sealed interface ParseResult {

  /** A well-framed message whose start line and header lines parsed. */
  record Parsed(SipMessage message) implements ParseResult {}

  /** Bytes that do not form a valid message. */
  record Malformed(ParseError error) implements ParseResult {}

  /**
   * A CRLF keep-alive (RFC 5626 §3.5.1): on a stream, a double CRLF is a client's ping, which a
   * server answers with a single CRLF, the pong. A datagram of only CR and LF is reported as a ping
   * too.
   */
  record KeepAlive(Kind kind) implements ParseResult {
    public static final KeepAlive PING = new KeepAlive(Kind.PING);
    public static final KeepAlive PONG = new KeepAlive(Kind.PONG);

    /** Which keep-alive. */
    public enum Kind {
      PING,
      PONG
    }
  }
}
