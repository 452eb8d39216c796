package io.sipher.stack;

import io.sipher.message.SipMessage;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.TransportLayer;
import java.util.concurrent.CompletionStage;

/**
 * A wire toward a destination: each send reuses the open connection to it or opens one (RFC 5922
 * verification for TLS). So a message sent after the connection was lost (the ACK for a non-2xx, a
 * CANCEL) reconnects rather than failing.
 */
public final class DestinationWire implements Wire {
  private final TransportLayer transport;
  private final Destination destination;

  public DestinationWire(TransportLayer transport, Destination destination) {
    this.transport = transport;
    this.destination = destination;
  }

  public Destination destination() {
    return destination;
  }

  @Override
  public boolean reliable() {
    return destination.transport().reliable();
  }

  @Override
  public CompletionStage<Void> send(SipMessage message) {
    return transport.send(message, destination).thenApply(flow -> null);
  }

  @Override
  public String toString() {
    return destination.toString();
  }
}
