package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.stack.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * RFC 3261 §17: transactions live in the layer's table only until they terminate, and live ones
 * cost memory, not threads. 100,000 transactions of all four kinds run to completion on virtual
 * time; afterwards the table and the scheduler are empty. The table is bounded: when it is full,
 * new requests get 503 with Retry-After (§21.5.4) and new client transactions are refused. Nothing
 * here measures time.
 */
class Rfc3261_17_TransactionTableTest {
  private static final int EACH = 25_000;

  /** Counts sends instead of keeping them: 100,000 transactions send over a million messages. */
  private static final class CountingWire implements Wire {
    final AtomicInteger sent = new AtomicInteger();

    @Override
    public boolean reliable() {
      return false;
    }

    @Override
    public CompletionStage<Void> send(SipMessage message) {
      sent.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Counts outcomes across all client transactions. */
  private static final class CountingListener implements ClientTransactionListener {
    final AtomicInteger finals = new AtomicInteger();
    final AtomicInteger timeouts = new AtomicInteger();
    final AtomicInteger terminated = new AtomicInteger();

    @Override
    public void onResponse(ClientTransaction transaction, SipResponse response) {
      finals.incrementAndGet();
    }

    @Override
    public void onTimeout(ClientTransaction transaction) {
      timeouts.incrementAndGet();
    }

    @Override
    public void onTransportError(ClientTransaction transaction, Throwable cause) {
      throw new AssertionError(cause);
    }

    @Override
    public void onTerminated(ClientTransaction transaction) {
      terminated.incrementAndGet();
    }
  }

  @Test
  void hundredThousandTransactions_finish_andLeaveTheTableEmpty() {
    ManualScheduler clock = new ManualScheduler();
    RecordingUser user = new RecordingUser();
    TransactionLayer layer = new TransactionLayer(TransactionConfig.DEFAULTS, clock, user);
    CountingWire wire = new CountingWire();
    CountingListener listener = new CountingListener();

    // Client side: half of the non-INVITE requests are answered, half time out (Timer F).
    List<SipRequest> answered = new ArrayList<>(EACH);
    for (int i = 0; i < 2 * EACH; i++) {
      SipRequest r = Messages.request("OPTIONS", "z9hG4bK-c" + i);
      layer.sendRequest(r, wire, listener);
      if (i % 2 == 0) {
        answered.add(r);
      }
    }
    // Server side: INVITEs rejected and acknowledged; non-INVITE requests answered.
    List<SipRequest> invites = new ArrayList<>(EACH);
    for (int i = 0; i < EACH; i++) {
      SipRequest invite = Messages.request("INVITE", "z9hG4bK-si" + i);
      invites.add(invite);
      layer.receive(invite, wire);
      layer.receive(Messages.request("MESSAGE", "z9hG4bK-sn" + i), wire);
    }
    assertThat(layer.size()).isEqualTo(4 * EACH);

    for (SipRequest r : answered) {
      layer.receive(Messages.response(r, 200), wire);
    }
    for (ServerTransaction tx : user.requests) {
      tx.respond(Messages.response(tx.request(), tx.request().isMethod("INVITE") ? 486 : 200));
    }
    clock.advance(Duration.ofSeconds(1));
    for (ServerTransaction tx : user.requests) {
      if (tx instanceof InviteServerTransaction ist) {
        SipResponse sent = Messages.response(ist.request(), 486);
        layer.receive(TransactionRequests.ack(ist.request(), sent), wire);
      }
    }

    clock.advance(Duration.ofSeconds(64));

    assertThat(layer.size()).isZero();
    assertThat(clock.pendingTasks()).isZero();
    assertThat(listener.finals.get()).isEqualTo(EACH);
    assertThat(listener.timeouts.get()).isEqualTo(EACH);
    assertThat(listener.terminated.get()).isEqualTo(2 * EACH);
    assertThat(user.terminated).isEqualTo(2 * EACH);
    assertThat(user.timeouts).isEmpty();
    assertThat(user.acks).isEmpty();
  }

  // ---- the limit ----------------------------------------------------------------------------

  @Test
  void config_theOldConstructor_keepsTheDefaultLimits() {
    TransactionConfig c =
        new TransactionConfig(Duration.ofMillis(100), Duration.ofSeconds(4), Duration.ofSeconds(5));

    assertThat(c.finalResponseTimeout()).isEqualTo(Duration.ofMillis(6400));
    assertThat(c.maxTransactions()).isEqualTo(TransactionConfig.DEFAULT_MAX_TRANSACTIONS);
    assertThat(TransactionConfig.DEFAULTS.finalResponseTimeout()).isEqualTo(Duration.ofSeconds(32));
    assertThat(TransactionConfig.DEFAULTS.withMaxTransactions(7).maxTransactions()).isEqualTo(7);
    assertThatThrownBy(() -> TransactionConfig.DEFAULTS.withMaxTransactions(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fullTable_answersNewRequestsWith503AndRetryAfter_withoutReachingTheTu() {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withMaxTransactions(2));
    RecordingWire udp = h.udp();
    SipRequest options = Messages.request("OPTIONS", "z9hG4bK-full-1");
    SipRequest invite = Messages.invite("z9hG4bK-full-2");
    h.layer.receive(options, udp);
    h.layer.receive(invite, udp);
    udp.clear();

    SipRequest message = Messages.request("MESSAGE", "z9hG4bK-full-3");
    h.layer.receive(message, udp);
    h.layer.receive(message, udp); // a retransmission: still no transaction

    assertThat(h.user.requests).hasSize(2);
    assertThat(h.layer.size()).isEqualTo(2);
    assertThat(h.layer.overloadRejections()).isEqualTo(2);
    List<SipResponse> sent = udp.responses();
    assertThat(sent).extracting(SipResponse::statusCode).containsExactly(503, 503);
    SipResponse busy = sent.get(0);
    assertThat(busy.headers().firstValue(HeaderName.RETRY_AFTER)).isEqualTo("5");
    assertThat(busy.vias()).isEqualTo(message.vias());
    assertThat(busy.cseq()).isEqualTo(message.cseq());
    assertThat(busy.callId()).isEqualTo(message.callId());
    assertThat(busy.to().tag()).isNotNull(); // §8.2.6.2
    assertThat(sent.get(1).to().tag()).isEqualTo(busy.to().tag()); // §8.2.7: stateless, stable
  }

  @Test
  void fullTable_stillMatchesRetransmissionsAndAcks_andFreesSlotsOnTermination() {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withMaxTransactions(1));
    RecordingWire tcp = h.tcp();
    SipRequest options = Messages.request("OPTIONS", "z9hG4bK-full-4");
    h.layer.receive(options, tcp);
    NonInviteServerTransaction tx = (NonInviteServerTransaction) h.user.lastRequest();
    SipRequest invite = Messages.invite("z9hG4bK-full-5");

    h.layer.receive(options, tcp); // absorbed by its transaction (Trying)
    SipRequest ack = TransactionRequests.ack(invite, Messages.response(invite, 486));
    h.layer.receive(ack, tcp); // an ACK never creates a transaction
    h.layer.receive(TransactionRequests.cancel(invite), tcp); // a CANCEL would: refused
    assertThat(tcp.responses()).extracting(SipResponse::statusCode).containsExactly(503);
    assertThat(h.user.acks).hasSize(1);
    assertThat(h.user.cancels).isEmpty();

    tx.respond(Messages.response(options, 200)); // Timer J is zero over TCP: the slot is free
    h.layer.receive(invite, tcp);

    assertThat(h.user.requests).hasSize(2);
    assertThat(h.layer.overloadRejections()).isEqualTo(1);
  }

  @Test
  void fullTable_refusesNewClientTransactions_withAnExceptionForTheTu() {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withMaxTransactions(1));
    RecordingWire tcp = h.tcp();
    RecordingListener listener = new RecordingListener();
    SipRequest first = Messages.request("OPTIONS", "z9hG4bK-full-6");
    h.layer.sendRequest(first, tcp, listener);

    assertThatThrownBy(
            () -> h.layer.sendRequest(Messages.request("OPTIONS", "z9hG4bK-full-7"), tcp, listener))
        .isInstanceOfSatisfying(
            TransactionLimitException.class, e -> assertThat(e.limit()).isEqualTo(1));
    assertThat(tcp.requests("OPTIONS")).hasSize(1);
    assertThat(h.layer.size()).isEqualTo(1);

    h.layer.receive(Messages.response(first, 200), tcp);
    h.layer.sendRequest(Messages.request("OPTIONS", "z9hG4bK-full-8"), tcp, listener);
    assertThat(tcp.requests("OPTIONS")).hasSize(2);
  }

  @Test
  void fullTable_aCancelThatCannotBeSent_stillEndsTheInviteAfter64T1() {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withMaxTransactions(1));
    RecordingWire udp = h.udp();
    RecordingListener listener = new RecordingListener();
    SipRequest invite = Messages.invite("z9hG4bK-full-9");
    InviteClientTransaction tx =
        (InviteClientTransaction) h.layer.sendRequest(invite, udp, listener);
    h.layer.receive(Messages.response(invite, 180), udp);

    CompletionStage<Optional<ClientTransaction>> cancel = tx.cancel(new RecordingListener());

    assertThatThrownBy(() -> cancel.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(TransactionLimitException.class);
    h.advanceMillis(32_000);
    assertThat(listener.timeouts).isEqualTo(1);
    assertThat(h.layer.size()).isZero();
  }

  @Test
  void fullTable_isLoggedAtMostOnceASecond() {
    Harness h = new Harness(TransactionConfig.DEFAULTS.withMaxTransactions(1));
    RecordingWire udp = h.udp();
    h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-log-0"), udp);
    Logger logger = (Logger) LoggerFactory.getLogger(TransactionLayer.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      for (int i = 1; i <= 100; i++) {
        h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-log-" + i), udp);
      }
      h.advanceMillis(999);
      h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-log-101"), udp);
      assertThat(logged.list).hasSize(1);

      h.advanceMillis(1);
      h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-log-102"), udp);

      assertThat(logged.list).hasSize(2);
      assertThat(logged.list).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
      assertThat(logged.list.get(1).getFormattedMessage()).contains("answered 101 new request(s)");
      assertThat(h.layer.overloadRejections()).isEqualTo(102);
    } finally {
      logger.detachAppender(logged);
    }
  }
}
