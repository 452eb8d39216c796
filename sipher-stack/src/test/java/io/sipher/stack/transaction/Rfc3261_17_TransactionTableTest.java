package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §17: transactions live in the layer's table only until they terminate, and live ones
 * cost memory, not threads. 100,000 transactions of all four kinds run to completion on virtual
 * time; afterwards the table and the scheduler are empty. Nothing here measures time.
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
}
