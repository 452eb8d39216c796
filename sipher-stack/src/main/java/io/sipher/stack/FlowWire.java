package io.sipher.stack;

import io.sipher.message.SipMessage;
import io.sipher.message.SipResponse;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.TransportLayer;
import java.util.concurrent.CompletionStage;

/**
 * A wire over a known flow: the one a request came in on (its server transaction answers over it,
 * with the RFC 3261 §18.2.2 fallbacks when the connection has gone), or the flow a UA registered on
 * (requests for it go out on that, RFC 5626 §5.3).
 */
public final class FlowWire implements Wire {
  private final TransportLayer transport;
  private final Flow flow;

  public FlowWire(TransportLayer transport, Flow flow) {
    this.transport = transport;
    this.flow = flow;
  }

  public Flow flow() {
    return flow;
  }

  @Override
  public boolean reliable() {
    return flow.transport().reliable();
  }

  @Override
  public CompletionStage<Void> send(SipMessage message) {
    if (message instanceof SipResponse response) {
      return transport.sendResponse(response, flow);
    }
    return flow.send(message);
  }

  @Override
  public String toString() {
    return flow.toString();
  }
}
