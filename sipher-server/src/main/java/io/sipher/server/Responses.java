package io.sipher.server;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Responses the server core makes itself. */
final class Responses {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Responses() {}

  /** A response to {@code request}, with a To tag when it had none (RFC 3261 §8.2.6.2). */
  static SipResponse.Editor to(SipRequest request, int code, String reason) {
    SipResponse.Editor e = SipResponse.forRequest(request, code, reason);
    if (request.to().tag() == null) {
      byte[] tag = new byte[6];
      RANDOM.nextBytes(tag);
      e.set(HeaderName.TO, request.to().withTag(HexFormat.of().formatHex(tag)).toString());
    }
    return e;
  }
}
