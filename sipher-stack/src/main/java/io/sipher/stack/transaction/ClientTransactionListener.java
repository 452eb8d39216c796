package io.sipher.stack.transaction;

import io.sipher.message.SipResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a client transaction tells its TU (RFC 3261 §17.1). Calls come from transport and timer
 * threads, never while the transaction holds its lock, so a listener may act on the transaction
 * (send a CANCEL, say) from inside a callback. Inputs that arrive at the same moment on different
 * threads may give concurrent callbacks; a listener that needs them strictly ordered must order
 * them itself. {@link TransactionLayer} lists which thread each call comes on.
 */
public interface ClientTransactionListener {

  /**
   * A response for the TU: every provisional response, the first final response, and for INVITE
   * every 2xx, since each fork of the request may answer with its own 2xx and the TU must ACK each
   * (RFC 6026 §7.2). Retransmissions of a non-2xx final response are absorbed (and, for INVITE,
   * acknowledged by the transaction itself, §17.1.1.3).
   */
  void onResponse(ClientTransaction transaction, SipResponse response);

  /**
   * No final response came before Timer B (INVITE) or Timer F (non-INVITE) fired, 64×T1 after the
   * request was sent (§17.1.1.2, §17.1.2.2), or, for a cancelled INVITE, within 64×T1 of sending
   * the CANCEL (§9.1). The TU treats this as a 408 (Request Timeout), §8.1.3.1. The transaction is
   * terminated.
   */
  void onTimeout(ClientTransaction transaction);

  /**
   * The transport failed to deliver the request or a retransmission (§17.1.4). The TU treats this
   * as a 503 (Service Unavailable), §8.1.3.1, and may try the next address of the target (RFC
   * 3263). The transaction is terminated. Reported only while the TU still waits for a final
   * response: a failure to send the ACK of a non-2xx response terminates the transaction silently,
   * because the TU has its answer.
   */
  void onTransportError(ClientTransaction transaction, Throwable cause);

  /**
   * The transaction reached Terminated and left the layer's table: after its final callback, or
   * alone when the TU ended it with {@link ClientTransaction#terminate}.
   */
  default void onTerminated(ClientTransaction transaction) {}

  /**
   * A listener for code that simply waits for the answer: {@code done} completes with the first
   * final response, or fails with a {@link TimeoutException} (Timer B or F) or the transport's
   * error. Provisional responses are ignored.
   */
  static ClientTransactionListener completing(CompletableFuture<SipResponse> done) {
    return completing(done, response -> {});
  }

  /** As {@link #completing(CompletableFuture)}, handing every response to {@code each} first. */
  static ClientTransactionListener completing(
      CompletableFuture<SipResponse> done, Consumer<SipResponse> each) {
    return new ClientTransactionListener() {
      @Override
      public void onResponse(ClientTransaction transaction, SipResponse response) {
        each.accept(response);
        if (response.statusCode() >= 200) {
          done.complete(response);
        }
      }

      @Override
      public void onTimeout(ClientTransaction transaction) {
        done.completeExceptionally(new TimeoutException("no final response (Timer B or F)"));
      }

      @Override
      public void onTransportError(ClientTransaction transaction, Throwable cause) {
        done.completeExceptionally(cause);
      }
    };
  }
}
