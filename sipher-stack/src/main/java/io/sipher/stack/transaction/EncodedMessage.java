package io.sipher.stack.transaction;

import io.sipher.message.ParseResult;
import io.sipher.message.ParserLimits;
import io.sipher.message.SipMessage;
import io.sipher.message.SipParser;

/**
 * A message a lingering transaction keeps, held as its encoded bytes and parsed again on the rare
 * occasion it is needed.
 *
 * <p>Why: over UDP a non-INVITE server transaction answers retransmissions for 64*T1 after its
 * final response (Timer J, RFC 3261 §17.2.2), and INVITE server and client transactions linger as
 * long in Accepted (RFC 6026 §7.1, §7.2) on every transport. A parsed request or response with its
 * header views takes about 3 KB; its bytes a sixth of that. At a few thousand requests per second
 * the parsed forms kept hundreds of megabytes alive for 32 seconds, and every young collection
 * copied them. The bytes are needed only when a request is retransmitted (its response is sent
 * again) or a caller asks a lingering transaction for its request, so parsing them again then costs
 * nothing on the usual path.
 */
final class EncodedMessage {
  // The bytes were accepted by a transport's parser or built by this stack: no limit applies.
  private static final SipParser PARSER =
      new SipParser(
          new ParserLimits(
              Integer.MAX_VALUE,
              Integer.MAX_VALUE,
              Integer.MAX_VALUE,
              Integer.MAX_VALUE,
              Integer.MAX_VALUE));

  private final byte[] bytes;

  EncodedMessage(SipMessage message) {
    this.bytes = message.toByteArray();
  }

  /** The message, parsed again from its bytes (a new instance on each call). */
  <M extends SipMessage> M decode(Class<M> type) {
    ParseResult result = PARSER.parseDatagram(bytes);
    if (result instanceof ParseResult.Parsed p && type.isInstance(p.message())) {
      return type.cast(p.message());
    }
    // Only a defect in the encoder or the parser gets here: the bytes parsed before.
    throw new IllegalStateException(
        "a kept " + type.getSimpleName() + " does not parse: " + result);
  }
}
