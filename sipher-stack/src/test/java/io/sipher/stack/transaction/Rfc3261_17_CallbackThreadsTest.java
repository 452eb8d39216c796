package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.time.WheelScheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §17 leaves threads to the implementation; {@link TransactionLayer} documents them: a
 * callback caused by a received message runs on the thread that called {@code receive}, one caused
 * by a timer on the scheduler's task thread, which is the executor given to the {@link
 * WheelScheduler}. Real time, with T1 = 1 ms so that Timer F fires after 64 ms.
 */
class Rfc3261_17_CallbackThreadsTest {
  private static final TransactionConfig FAST =
      new TransactionConfig(Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMillis(5));

  private final ExecutorService tuExecutor =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "tu-callbacks"));

  @AfterEach
  void stopExecutor() {
    tuExecutor.shutdownNow();
  }

  /** Records the thread of the first timeout and of the first request. */
  private static final class ThreadRecordingUser implements TransactionUser {
    final AtomicReference<String> requestThread = new AtomicReference<>();
    final AtomicReference<String> timeoutThread = new AtomicReference<>();

    @Override
    public void onRequest(ServerTransaction transaction, SipRequest request) {
      requestThread.compareAndSet(null, Thread.currentThread().getName());
    }

    @Override
    public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> i) {}

    @Override
    public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> i) {}

    @Override
    public void onStrayResponse(SipResponse response, Wire wire) {}

    @Override
    public void onTimeout(ServerTransaction transaction) {
      timeoutThread.compareAndSet(null, Thread.currentThread().getName());
    }
  }

  @Test
  void timerCallbacks_runOnTheSchedulersExecutor_messageCallbacksOnTheReceivingThread() {
    ThreadRecordingUser user = new ThreadRecordingUser();
    try (WheelScheduler scheduler = new WheelScheduler(tuExecutor)) {
      TransactionLayer layer = new TransactionLayer(FAST, scheduler, user);
      AtomicReference<String> clientTimeoutThread = new AtomicReference<>();
      ClientTransactionListener listener =
          new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction transaction, SipResponse response) {}

            @Override
            public void onTimeout(ClientTransaction transaction) {
              clientTimeoutThread.set(Thread.currentThread().getName());
            }

            @Override
            public void onTransportError(ClientTransaction transaction, Throwable cause) {}
          };
      RecordingWire wire = new RecordingWire(true, scheduler);

      layer.sendRequest(Messages.request("OPTIONS", "z9hG4bK-threads-1"), wire, listener);
      layer.receive(Messages.request("OPTIONS", "z9hG4bK-threads-2"), wire); // never answered

      assertThat(user.requestThread.get()).isEqualTo(Thread.currentThread().getName());
      await().atMost(Duration.ofSeconds(10)).until(() -> clientTimeoutThread.get() != null);
      await().atMost(Duration.ofSeconds(10)).until(() -> user.timeoutThread.get() != null);
      assertThat(clientTimeoutThread.get()).isEqualTo("tu-callbacks"); // Timer F
      assertThat(user.timeoutThread.get()).isEqualTo("tu-callbacks"); // the TU's answer timer
    }
  }
}
