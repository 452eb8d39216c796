package io.sipher.ua;

import io.sipher.message.SipRequest;
import io.sipher.message.header.Address;
import java.nio.charset.StandardCharsets;

/**
 * A MESSAGE that reached us (RFC 3428): who sent it, to whom, and its body.
 *
 * @param from the sender as its From header says (authenticated only as far as the server vouches)
 * @param to the To header
 * @param contentType the Content-Type, or null for none
 * @param body the body bytes
 */
public record ReceivedMessage(Address from, Address to, String contentType, byte[] body) {

  static ReceivedMessage of(SipRequest request) {
    return new ReceivedMessage(
        request.from(),
        request.to(),
        request.contentType().map(Object::toString).orElse(null),
        request.body());
  }

  /** The body as text (UTF-8, RFC 3428 §9's default for text/plain). */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
