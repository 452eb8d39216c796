package io.sipher.stack.transaction;

/**
 * A client transaction (RFC 3261 §17.1): it sends a request, retransmits it over unreliable
 * transports, and passes the responses to its {@link ClientTransactionListener}. Obtain one from
 * {@link TransactionLayer#sendRequest}.
 */
public sealed interface ClientTransaction extends Transaction
    permits InviteClientTransaction, NonInviteClientTransaction {

  /**
   * Ends the transaction now, in whatever state it is: it stops its timers, sends nothing more (no
   * retransmission, no ACK, no held CANCEL), leaves the layer's table and reports {@link
   * ClientTransactionListener#onTerminated}, and nothing else. Responses that arrive afterwards go
   * to {@link TransactionUser#onStrayResponse}.
   *
   * <p>For the TU's own timers. A proxy whose Timer C fires on a branch that has had no provisional
   * response behaves as if the branch got a 408 and terminates it (§16.6 step 11, §16.8); one that
   * gave up on a CANCELled branch may end it before the transaction does so itself, 64×T1 after the
   * CANCEL (§9.1).
   *
   * @return true when this call terminated the transaction; false when it had already terminated
   */
  boolean terminate();
}
