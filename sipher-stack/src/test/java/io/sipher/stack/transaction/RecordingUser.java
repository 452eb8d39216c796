package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A transaction user that records every callback. */
final class RecordingUser implements TransactionUser {
  record Cancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {}

  record Ack(SipRequest ack, Optional<InviteServerTransaction> invite) {}

  final List<ServerTransaction> requests = new ArrayList<>();
  final List<Cancel> cancels = new ArrayList<>();
  final List<Ack> acks = new ArrayList<>();
  final List<SipResponse> strays = new ArrayList<>();
  final List<ServerTransaction> timeouts = new ArrayList<>();
  final List<Throwable> transportErrors = new ArrayList<>();
  int terminated;
  // When set, every request is answered with this within onRequest, as a registrar does.
  java.util.function.Function<SipRequest, SipResponse> answerAtOnce;

  @Override
  public synchronized void onRequest(ServerTransaction transaction, SipRequest request) {
    requests.add(transaction);
    if (answerAtOnce != null) {
      transaction.respond(answerAtOnce.apply(request));
    }
  }

  @Override
  public synchronized void onCancel(
      ServerTransaction cancel, Optional<InviteServerTransaction> invite) {
    cancels.add(new Cancel(cancel, invite));
  }

  @Override
  public synchronized void onAck(
      SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {
    acks.add(new Ack(ack, invite));
  }

  @Override
  public synchronized void onStrayResponse(SipResponse response, Wire wire) {
    strays.add(response);
  }

  @Override
  public synchronized void onTimeout(ServerTransaction transaction) {
    timeouts.add(transaction);
  }

  @Override
  public synchronized void onTransportError(ServerTransaction transaction, Throwable cause) {
    transportErrors.add(cause);
  }

  @Override
  public synchronized void onTerminated(ServerTransaction transaction) {
    terminated++;
  }

  synchronized ServerTransaction lastRequest() {
    return requests.get(requests.size() - 1);
  }
}
