package io.sipher.server.proxy;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Responses the proxy makes itself (§16.7 step 6, §16.3, §16.10). */
final class ProxyResponses {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ProxyResponses() {}

  /** A response to {@code request}, with a To tag when it had none (RFC 3261 §8.2.6.2). */
  static SipResponse.Editor to(SipRequest request, int code, String reason) {
    SipResponse.Editor e = SipResponse.forRequest(request, code, reason);
    if (request.to().tag() == null && code > 100) {
      byte[] tag = new byte[6];
      RANDOM.nextBytes(tag);
      e.set(HeaderName.TO, request.to().withTag(HexFormat.of().formatHex(tag)).toString());
    }
    return e;
  }
}
