package io.sipher.stack.transport;

import io.sipher.message.HeaderField;
import io.sipher.message.Headers;
import io.sipher.message.SipMessage;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;

/**
 * Responses the transport sends on its own, to requests that never reach a transaction: malformed
 * (400, 413, 505, 513 as the codec decided) or missing what a transaction needs.
 */
final class ErrorResponses {
  private ErrorResponses() {}

  /**
   * A final response addressed from the header fields read (Via, From, To, Call-ID, CSeq copied
   * byte for byte, RFC 3261 §8.2.6.2), with a To tag added when the request had none.
   */
  static SipResponse from(Headers headers, int statusCode, String reason) {
    SipResponse.Editor e = SipResponse.create(statusCode, reason);
    for (HeaderField f : headers) {
      HeaderName n = f.name();
      if (n == HeaderName.VIA
          || n == HeaderName.FROM
          || n == HeaderName.TO
          || n == HeaderName.CALL_ID
          || n == HeaderName.CSEQ) {
        e.add(f);
      }
    }
    return e.toTagIfMissing().build();
  }

  /**
   * What a message lacks that every transaction needs (RFC 3261 §8.1.1: Via, From, To, Call-ID,
   * CSeq; the CSeq method must be the request's), or null when it has it all.
   */
  static String missingEssentials(SipMessage m) {
    try {
      m.topVia();
      m.from();
      m.to();
      m.callId();
      var cseq = m.cseq();
      if (m instanceof io.sipher.message.SipRequest r && !cseq.method().equals(r.method())) {
        return "CSeq method " + cseq.method() + " differs from the request method";
      }
      return null;
    } catch (RuntimeException e) {
      String why = e.getMessage();
      return why == null ? e.getClass().getSimpleName() : why;
    }
  }
}
