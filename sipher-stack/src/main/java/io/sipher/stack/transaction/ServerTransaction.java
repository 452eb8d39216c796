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
}
