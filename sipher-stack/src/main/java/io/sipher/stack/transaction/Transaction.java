package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;

/**
 * A SIP transaction (RFC 3261 §17): a request and the responses to it, with the retransmissions and
 * timers that make it reliable over unreliable transports. Created by the {@link TransactionLayer};
 * a transaction leaves the layer's table when it reaches its Terminated state.
 *
 * <p>Implementations are thread-safe: messages arrive on transport threads, timers fire on the
 * scheduler's thread, and the TU acts from wherever it runs.
 */
public sealed interface Transaction permits ClientTransaction, ServerTransaction {

  /** The request that created the transaction. */
  SipRequest request();

  /** The path the transaction's messages take. */
  Wire wire();

  /** The branch parameter of the request's top Via; for an RFC 2543 peer it may lack the cookie. */
  String branch();

  /** Whether the transaction has reached its Terminated state. */
  boolean isTerminated();
}
