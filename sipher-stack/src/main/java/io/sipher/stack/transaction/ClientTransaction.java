package io.sipher.stack.transaction;

/**
 * A client transaction (RFC 3261 §17.1): it sends a request, retransmits it over unreliable
 * transports, and passes the responses to its {@link ClientTransactionListener}. Obtain one from
 * {@link TransactionLayer#sendRequest}.
 */
public sealed interface ClientTransaction extends Transaction
    permits InviteClientTransaction, NonInviteClientTransaction {}
