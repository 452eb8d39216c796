package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import java.util.Optional;

/**
 * The transaction user (TU): the UA core, proxy core or registrar above the transaction layer. The
 * layer calls it for what the transactions do not absorb (RFC 3261 §17.1.3, §17.2.3). Calls come
 * from transport and timer threads, never under a transaction's lock; {@link TransactionLayer}
 * lists which thread each comes on.
 */
public interface TransactionUser {

  /**
   * A new request other than ACK and CANCEL. Its server transaction is in the layer's table, so
   * retransmissions of the request are already answered by it; for INVITE it has sent 100 Trying.
   * The TU answers with {@link ServerTransaction#respond}, finally, every time: a non-INVITE
   * transaction left unanswered ends after {@link TransactionConfig#finalResponseTimeout} with
   * {@link #onTimeout}, but an INVITE transaction waits for the TU for ever (see {@link
   * InviteServerTransaction}). Not called when the table is full: the layer answers 503 itself.
   */
  void onRequest(ServerTransaction transaction, SipRequest request);

  /**
   * A new CANCEL (RFC 3261 §9.2). {@code cancel} is its own non-INVITE server transaction; {@code
   * invite} is the INVITE server transaction it cancels, matched by the §17.2.3 rules except for
   * the method. The TU answers the CANCEL (200, or 481 Call/Transaction Does Not Exist when {@code
   * invite} is empty) and, for a UAS, ends the INVITE with 487 if it has not yet answered it
   * finally; a proxy cancels its pending branches instead (§16.10).
   */
  void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite);

  /**
   * An ACK the transactions did not absorb: an ACK for a 2xx, which is a transaction of its own
   * (§17.1.1.3), or one that matches no transaction. {@code invite} is the INVITE server
   * transaction it matched in the Accepted state (RFC 6026 §7.1), if any. A proxy forwards it
   * (§16.7).
   */
  void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite);

  /**
   * A response that matches no client transaction (§17.1.3): a retransmitted 2xx after the INVITE
   * transaction ended, a 2xx from another fork, or a stray. A proxy forwards 2xx statelessly
   * (§16.7); a UA re-sends the ACK for a retransmitted 2xx (§13.2.2.4).
   */
  void onStrayResponse(SipResponse response, Wire wire);

  /**
   * A server transaction failed for lack of an answer; it is terminated. Either an INVITE server
   * transaction sent a non-2xx final response and no ACK came before Timer H (§17.2.1), or a
   * non-INVITE server transaction got no final response from the TU within {@link
   * TransactionConfig#finalResponseTimeout}, and ended without sending anything (RFC 4320: the
   * client has given up by then). The TU forgets the request; a later {@link
   * ServerTransaction#respond} returns false.
   */
  default void onTimeout(ServerTransaction transaction) {}

  /**
   * The transport failed to deliver a response (§17.2.4). The transaction is terminated, except in
   * the INVITE Accepted state, where it stays to keep matching ACKs (see {@link
   * InviteServerTransaction}).
   */
  default void onTransportError(ServerTransaction transaction, Throwable cause) {}

  /** A server transaction reached Terminated and left the layer's table. */
  default void onTerminated(ServerTransaction transaction) {}
}
