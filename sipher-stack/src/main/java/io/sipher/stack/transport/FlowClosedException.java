package io.sipher.stack.transport;

import java.io.IOException;

/** A send on a flow that has died: the peer must reconnect (RFC 5626 §4.4). */
public final class FlowClosedException extends IOException {
  private static final long serialVersionUID = 1L;

  public FlowClosedException(Flow flow) {
    super("flow closed: " + flow);
  }
}
