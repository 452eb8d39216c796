package io.sipher.stack.transport;

import io.sipher.message.SipMessage;

/**
 * Receives every well-formed message the transports read (usually the transaction layer). Called on
 * a network event-loop thread: it must not block (ARCHITECTURE decision 6); work that may block
 * goes to another executor.
 *
 * <p>Requests arrive with their top Via already stamped with {@code received} and {@code rport}
 * (RFC 3261 §18.2.1, RFC 3581 §4). Malformed messages never arrive here: the transport answers them
 * (or drops them, for responses) itself.
 */
@FunctionalInterface
public interface InboundHandler {
  void onMessage(SipMessage message, Flow flow);
}
