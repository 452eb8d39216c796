package io.sipher.stack.transaction;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Methods;
import io.sipher.message.syntax.SipParseException;
import io.sipher.stack.time.Scheduler;
import io.sipher.stack.time.WheelScheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 * thread-safe and none blocks. The map holds at most {@link TransactionConfig#maxTransactions}:
 * when it is full, a new request other than ACK is answered with 503 at once and {@link
 * #sendRequest} throws {@link TransactionLimitException}.
 *
 * <p><b>Threads.</b> The layer has no thread of its own; every callback to the {@link
 * TransactionUser} and to a {@link ClientTransactionListener} runs on the thread of the input that
 * caused it, never under a transaction's lock:
 *
 * <ul>
 *   <li>a received message ({@code onRequest}, {@code onCancel}, {@code onAck}, {@code
 *       onStrayResponse}, {@code onResponse}, and {@code onTerminated} when a response ends a
 *       transaction over a reliable transport): the thread that called {@link #receive}, that is
 *       the transport's I/O thread;
 *   <li>a timer ({@code onTimeout}, and {@code onTerminated} at the end of Timers D, I, J, K, L,
 *       M): the thread the {@link Scheduler} runs its tasks on. For {@link WheelScheduler} that is
 *       its single wheel thread, shared by every timer of the process, unless it was built with an
 *       {@link java.util.concurrent.Executor} ({@link WheelScheduler#WheelScheduler(
 *       java.util.concurrent.Executor)}), which then runs them;
 *   <li>a failed send ({@code onTransportError}): the thread that completed the {@link Wire}'s send
 *       stage with the failure (a transport thread), or the thread that sent, if the send failed at
 *       once;
 *   <li>a TU call ({@link ServerTransaction#respond}, {@link InviteClientTransaction#cancel},
 *       {@link ClientTransaction#terminate}): the TU's own thread.
 * </ul>
 *
 * <p>A TU that does slow work in callbacks (database, DNS, locks) should hand it to its own
 * executor, or give the scheduler one, so that the wheel thread and the I/O threads keep moving.
 */
public final class TransactionLayer {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);
  private static final long NEVER = Long.MIN_VALUE;
  private static final long OVERLOAD_LOG_INTERVAL = Duration.ofSeconds(1).toNanos();

  private final TransactionConfig config;
  private final Scheduler scheduler;
  private final TransactionUser user;
  private final ConcurrentMap<TransactionKey, AbstractTransaction> table =
      new ConcurrentHashMap<>();
  // Slots reserved in the table: counted apart from the map so that the limit holds exactly when
  // threads insert at once (a size check before putIfAbsent would let them all through).
  private final AtomicInteger reserved = new AtomicInteger();
  private final AtomicLong overloadRejections = new AtomicLong();
  private final AtomicLong rejectedSinceLog = new AtomicLong();
  private final AtomicLong lastOverloadLog = new AtomicLong(NEVER);

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
   * How many new requests were answered with 503 because the table was full, since the layer was
   * created (see {@link TransactionConfig#maxTransactions}).
   */
  public long overloadRejections() {
    return overloadRejections.get();
  }

  /**
   * Sends a request in a new client transaction (§17.1): an {@link InviteClientTransaction} for
   * INVITE, else a {@link NonInviteClientTransaction}. The request must be complete, with the top
   * Via carrying a unique branch (§8.1.1.7); the transaction sends it at once over {@code wire}.
   *
   * @throws IllegalArgumentException for an ACK, which is never a client transaction (an ACK for a
   *     2xx is sent by the TU straight over a wire, §13.2.2.4), or a request without a branch
   * @throws IllegalStateException when a client transaction with the same branch and method exists
   * @throws TransactionLimitException when the table holds {@link
   *     TransactionConfig#maxTransactions} transactions; the TU treats it as a 503 (§8.1.3.1)
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
    if (!reserveSlot()) {
      throw new TransactionLimitException(config.maxTransactions());
    }
    if (table.putIfAbsent(key, tx) != null) {
      reserved.decrementAndGet();
      throw new IllegalStateException("a transaction already exists for " + key);
    }
  }

  private boolean reserveSlot() {
    if (reserved.incrementAndGet() > config.maxTransactions()) {
      reserved.decrementAndGet();
      return false;
    }
    return true;
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
    if (!reserveSlot()) {
      rejectOverload(request, wire);
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
    try {
      if (method.equals(Methods.CANCEL)) {
        // §9.2: the INVITE is found by the §17.2.3 rules with the method left out of the
        // comparison, that is, as if the CANCEL were the INVITE.
        TransactionKey inviteKey = TransactionKey.server(request, Methods.INVITE);
        Optional<InviteServerTransaction> invite =
            table.get(inviteKey) instanceof InviteServerTransaction ist
                ? Optional.of(ist)
                : Optional.empty();
        user.onCancel(tx, invite);
      } else {
        user.onRequest(tx, request);
      }
    } finally {
      tx.start(); // after the TU, which mostly answers at once (see start)
    }
  }

  /**
   * Tables a new server transaction in a slot already reserved; when another thread tabled one for
   * the same key first (two copies of a request arriving at once), this request is a retransmission
   * of that one.
   */
  private boolean insertServer(TransactionKey key, AbstractTransaction tx) {
    AbstractTransaction raced = table.putIfAbsent(key, tx);
    if (raced != null) {
      reserved.decrementAndGet();
      retransmission(raced);
      return false;
    }
    return true;
  }

  /**
   * The table is full: answers a new request with 503 and Retry-After (§21.5.4) without creating a
   * transaction, as a stateless server would (§8.2.7). A retransmission of the request gets another
   * 503, with the same To tag. The TU never sees the request.
   */
  private void rejectOverload(SipRequest request, Wire wire) {
    overloadRejections.incrementAndGet();
    rejectedSinceLog.incrementAndGet();
    logOverload();
    SipResponse response =
        TransactionRequests.serviceUnavailable(request, TransactionConfig.OVERLOAD_RETRY_AFTER);
    try {
      wire.send(response)
          .whenComplete(
              (ok, error) -> {
                if (error != null) {
                  LOG.debug("Could not send a 503 for a full transaction table", error);
                }
              });
    } catch (RuntimeException e) {
      LOG.debug("Could not send a 503 for a full transaction table", e);
    }
  }

  /** Logs the overload at most once a second, with the number of requests refused since. */
  private void logOverload() {
    long now = scheduler.nanoTime();
    long last = lastOverloadLog.get();
    if (last != NEVER && now - last < OVERLOAD_LOG_INTERVAL) {
      return;
    }
    if (lastOverloadLog.compareAndSet(last, now)) {
      LOG.warn(
          "Transaction table full ({} transactions): answered {} new request(s) with 503",
          config.maxTransactions(),
          rejectedSinceLog.getAndSet(0));
    }
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
    if (table.remove(key, tx)) {
      reserved.decrementAndGet();
    }
  }
}
