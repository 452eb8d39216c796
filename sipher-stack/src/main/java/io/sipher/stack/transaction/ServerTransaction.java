package io.sipher.stack.transaction;

import io.sipher.message.SipResponse;

/**
 * A server transaction (RFC 3261 §17.2): created by the layer for each new request and handed to
 * the {@link TransactionUser}, which answers through {@link #respond}. The transaction answers
 * retransmissions of the request itself and retransmits final responses over unreliable transports.
 */
public sealed interface ServerTransaction extends Transaction
    permits InviteServerTransaction, NonInviteServerTransaction {

  /**
   * Sends a response to the request. The TU builds it (for example with {@link
   * io.sipher.message.SipResponse#forRequest}); the transaction sends it over its wire and keeps it
   * to answer retransmissions.
   *
   * @return true when the response was sent; false when the state discards it, as RFC 3261 requires
   *     of a final response after the first (§17.2.1, §17.2.2) and of anything after termination
   */
  boolean respond(SipResponse response);

  /**
   * Sends a final response as a stateless UAS does (RFC 3261 §8.2.7) and ends the transaction at
   * once: nothing lingers for Timer J, and a retransmission of the request reaches the TU again as
   * a new request, to be answered anew. The RFC's case in point is a challenge: the retransmitted
   * request is challenged again, with a fresh nonce, at no more cost than answering it from a kept
   * response. An INVITE's transaction stays stateful (it behaves as {@link #respond}): its non-2xx
   * response must be retransmitted until the ACK, which the transaction absorbs (§17.2.1).
   *
   * @return as for {@link #respond}
   * @throws IllegalArgumentException for a provisional response
   */
  boolean respondStatelessly(SipResponse response);
}
