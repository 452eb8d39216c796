package io.sipher.server;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;

/** Responses the server core and the proxy make themselves. */
public final class Responses {
  private Responses() {}

  /**
   * A response to {@code request} (Via, From, To, Call-ID and CSeq copied, RFC 3261 §8.2.6.2), with
   * a To tag when it had none, except on a 100 Trying.
   */
  public static SipResponse.Editor to(SipRequest request, int code, String reason) {
    return SipResponse.forRequest(request, code, reason).toTagIfMissing();
  }
}
