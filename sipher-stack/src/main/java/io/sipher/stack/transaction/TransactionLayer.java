package io.sipher.stack.transaction;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Methods;
import io.sipher.message.syntax.SipParseException;
import io.sipher.stack.time.Scheduler;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP transaction layer (RFC 3261 §17, RFC 6026): it creates client transactions for the TU,
 * matches inbound messages to transactions, creates server transactions for new requests, and hands
 * the TU whatever no transaction absorbs.
 *
 * <p>Inbound messages enter through {@link #receive}, called by the transport after parsing and
 * validation:
 *
 * <ul>
 *   <li>a response is matched to a client transaction by §17.1.3 (branch and CSeq method), or goes
 *       to {@link TransactionUser#onStrayResponse};
 *   <li>a request is matched to a server transaction by §17.2.3 (branch, sent-by and method, or the
 *       RFC 2543 fallback when the branch lacks the {@code z9hG4bK} cookie); a retransmission is
 *       answered by its transaction, a new request gets a new server transaction and goes to {@link
 *       TransactionUser#onRequest};
 *   <li>an ACK matches its INVITE transaction, which absorbs it after a non-2xx response; an ACK
 *       for a 2xx or one matching nothing goes to {@link TransactionUser#onAck};
 *   <li>a new CANCEL becomes its own server transaction and goes to {@link
 *       TransactionUser#onCancel} with the INVITE server transaction it matches, if any (§9.2).
 * </ul>
 *
 * <p>Transactions live in a concurrent map and leave it on reaching Terminated; timers run on the
 * shared {@link Scheduler}, so a transaction costs memory and no thread. Every method is
 * thread-safe and none blocks.
 */
public final class TransactionLayer {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);

  private final TransactionConfig config;
  private final Scheduler scheduler;
  private final TransactionUser user;
  private final ConcurrentMap<TransactionKey, AbstractTransaction> table =
      new ConcurrentHashMap<>();

  public TransactionLayer(TransactionConfig config, Scheduler scheduler, TransactionUser user) {
    this.config = Objects.requireNonNull(config, "config");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.user = Objects.requireNonNull(user, "user");
  }

  public TransactionConfig config() {
    return config;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  TransactionUser user() {
    return user;
  }

  /** The number of live transactions, client and server. */
  public int size() {
    return table.size();
  }

  /**
   * Sends a request in a new client transaction (§17.1): an {@link InviteClientTransaction} for
   * INVITE, else a {@link NonInviteClientTransaction}. The request must be complete, with the top
   * Via carrying a unique branch (§8.1.1.7); the transaction sends it at once over {@code wire}.
   *
   * @throws IllegalArgumentException for an ACK, which is never a client transaction (an ACK for a
   *     2xx is sent by the TU straight over a wire, §13.2.2.4), or a request without a branch
   * @throws IllegalStateException when a client transaction with the same branch and method exists
   */
  public ClientTransaction sendRequest(
      SipRequest request, Wire wire, ClientTransactionListener listener) {
    Objects.requireNonNull(wire, "wire");
    Objects.requireNonNull(listener, "listener");
    if (request.isMethod(Methods.ACK)) {
      throw new IllegalArgumentException("ACK is not sent in a client transaction (§17.1)");
    }
    TransactionKey.Client key = TransactionKey.client(request);
    if (request.isMethod(Methods.INVITE)) {
      InviteClientTransaction tx = new InviteClientTransaction(this, key, request, wire, listener);
      insert(key, tx);
      tx.start();
      return tx;
    }
    NonInviteClientTransaction tx =
        new NonInviteClientTransaction(this, key, request, wire, listener);
    insert(key, tx);
    tx.start();
    return tx;
  }

  private void insert(TransactionKey key, AbstractTransaction tx) {
    if (table.putIfAbsent(key, tx) != null) {
      throw new IllegalStateException("a transaction already exists for " + key);
    }
  }

  /**
   * Handles a message received from the transport; {@code replyWire} is the path it came on, the
   * one a new server transaction answers over (§18.2.2). Messages whose Via, CSeq, From, To or
   * Call-ID do not parse are dropped (the transport's validation should have refused them).
   */
  public void receive(SipMessage message, Wire replyWire) {
    try {
      if (message instanceof SipRequest request) {
        receiveRequest(request, replyWire);
      } else {
        receiveResponse((SipResponse) message, replyWire);
      }
    } catch (SipParseException e) {
      LOG.debug("Dropped a message the transaction layer cannot match: {}", e.getMessage());
    }
  }

  private void receiveResponse(SipResponse response, Wire wire) {
    TransactionKey.Client key = TransactionKey.client(response);
    AbstractTransaction tx = key == null ? null : table.get(key);
    if (tx instanceof InviteClientTransaction ict) {
      ict.receiveResponse(response);
    } else if (tx instanceof NonInviteClientTransaction nict) {
      nict.receiveResponse(response);
    } else {
      user.onStrayResponse(response, wire); // §17.1.3: no match
    }
  }

  private void receiveRequest(SipRequest request, Wire wire) {
    String method = request.method();
    if (method.equals(Methods.ACK)) {
      receiveAck(request, wire);
      return;
    }
    TransactionKey key = TransactionKey.server(request, method);
    AbstractTransaction existing = table.get(key);
    if (existing != null) {
      retransmission(existing);
      return;
    }
    if (method.equals(Methods.INVITE)) {
      InviteServerTransaction tx = new InviteServerTransaction(this, key, request, wire);
      if (!insertServer(key, tx)) {
        return;
      }
      tx.start();
      user.onRequest(tx, request);
      return;
    }
    NonInviteServerTransaction tx = new NonInviteServerTransaction(this, key, request, wire);
    if (!insertServer(key, tx)) {
      return;
    }
    if (method.equals(Methods.CANCEL)) {
      // §9.2: the INVITE is found by the §17.2.3 rules with the method left out of the
      // comparison, that is, as if the CANCEL were the INVITE.
      TransactionKey inviteKey = TransactionKey.server(request, Methods.INVITE);
      Optional<InviteServerTransaction> invite =
          table.get(inviteKey) instanceof InviteServerTransaction ist
              ? Optional.of(ist)
              : Optional.empty();
      user.onCancel(tx, invite);
      return;
    }
    user.onRequest(tx, request);
  }

  /**
   * Tables a new server transaction; when another thread tabled one for the same key first (two
   * copies of a request arriving at once), this request is a retransmission of that one.
   */
  private boolean insertServer(TransactionKey key, AbstractTransaction tx) {
    AbstractTransaction raced = table.putIfAbsent(key, tx);
    if (raced != null) {
      retransmission(raced);
      return false;
    }
    return true;
  }

  private static void retransmission(AbstractTransaction tx) {
    if (tx instanceof InviteServerTransaction ist) {
      ist.receiveRetransmission();
    } else if (tx instanceof NonInviteServerTransaction nist) {
      nist.receiveRetransmission();
    }
  }

  private void receiveAck(SipRequest ack, Wire wire) {
    InviteServerTransaction invite = findInviteForAck(ack);
    if (invite == null) {
      user.onAck(ack, wire, Optional.empty()); // §17.2.3: no match; a proxy forwards it
    } else if (invite.receiveAck()) {
      user.onAck(ack, wire, Optional.of(invite)); // RFC 6026 §7.1: 2xx ACK in Accepted
    }
  }

  /**
   * The INVITE server transaction an ACK belongs to (§17.2.3), or null. With an RFC 3261 branch the
   * key decides. In the RFC 2543 fallback the ACK carries the To tag of the response, which the
   * INVITE did not carry unless it was a re-INVITE inside a dialog: the INVITE's key is looked up
   * both with that tag and without one, and the ACK's tag must equal the tag of the final response
   * the transaction sent.
   */
  private InviteServerTransaction findInviteForAck(SipRequest ack) {
    String ackToTag = ack.to().tag();
    TransactionKey key = TransactionKey.server(ack, Methods.INVITE, ackToTag);
    AbstractTransaction tx = table.get(key);
    if (key instanceof TransactionKey.Server) {
      return tx instanceof InviteServerTransaction ist ? ist : null;
    }
    if (!(tx instanceof InviteServerTransaction) && ackToTag != null) {
      tx = table.get(TransactionKey.server(ack, Methods.INVITE, null));
    }
    if (tx instanceof InviteServerTransaction ist && Objects.equals(ist.finalToTag(), ackToTag)) {
      return ist;
    }
    return null;
  }

  /** Called by a transaction on entering Terminated. */
  void remove(TransactionKey key, AbstractTransaction tx) {
    table.remove(key, tx);
  }
}
