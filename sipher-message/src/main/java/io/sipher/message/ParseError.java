package io.sipher.message;

import io.sipher.message.header.HeaderName;

/**
 * Why a message could not be parsed, and what to do about it.
 *
 * @param statusCode the response a server should send for a request (400, 505, 513...)
 * @param reason a reason phrase that names the problem
 * @param response whether the bytes were a response, which is never answered: it is discarded
 * @param headers the header fields read before the problem (possibly none), enough to address an
 *     error response when they include Via, From, To, Call-ID and CSeq
 * @param fatal on a stream: the message boundary is lost, so after any error response the
 *     connection must be closed (RFC 3261 §18.3)
 */
public record ParseError(
    int statusCode, String reason, boolean response, Headers headers, boolean fatal) {

  public ParseError {
    headers = headers == null ? Headers.EMPTY : headers;
  }

  /** Whether a server can answer: a request whose Via, From, To, Call-ID and CSeq were read. */
  public boolean canRespond() {
    return !response
        && headers.contains(HeaderName.VIA)
        && headers.contains(HeaderName.FROM)
        && headers.contains(HeaderName.TO)
        && headers.contains(HeaderName.CALL_ID)
        && headers.contains(HeaderName.CSEQ);
  }

  @Override
  public String toString() {
    return (response ? "discard: " : statusCode + " ") + reason + (fatal ? " (fatal)" : "");
  }
}
