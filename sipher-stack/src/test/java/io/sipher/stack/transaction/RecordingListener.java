package io.sipher.stack.transaction;

import io.sipher.message.SipResponse;
import java.util.ArrayList;
import java.util.List;

/** A client transaction listener that records every callback. */
final class RecordingListener implements ClientTransactionListener {
  final List<SipResponse> responses = new ArrayList<>();
  final List<Throwable> transportErrors = new ArrayList<>();
  int timeouts;
  int terminated;

  @Override
  public synchronized void onResponse(ClientTransaction transaction, SipResponse response) {
    responses.add(response);
  }

  @Override
  public synchronized void onTimeout(ClientTransaction transaction) {
    timeouts++;
  }

  @Override
  public synchronized void onTransportError(ClientTransaction transaction, Throwable cause) {
    transportErrors.add(cause);
  }

  @Override
  public synchronized void onTerminated(ClientTransaction transaction) {
    terminated++;
  }

  synchronized List<Integer> codes() {
    List<Integer> out = new ArrayList<>();
    for (SipResponse r : responses) {
      out.add(r.statusCode());
    }
    return out;
  }
}
