package io.sipher.stack.transaction;

import io.sipher.message.SipMessage;
import java.util.concurrent.CompletionStage;

/**
 * The path a transaction's messages take: a UDP socket and destination, or a TCP/TLS/WebSocket
 * connection or flow. It is bound when the transaction is created (a client transaction by the TU,
 * a server transaction to the path its request arrived on) and never changes, so that the
 * retransmissions, the ACK for a non-2xx response and a CANCEL all follow the request (RFC 3261
 * §17.1.1.3, §9.1, §18.2.2).
 *
 * <p>The transport adapts its connections to this interface; the transaction layer never touches
 * sockets.
 */
public interface Wire {

  /**
   * Whether the path is reliable (TCP, TLS, WS, WSS). The transactions retransmit only over
   * unreliable paths, and shorten their linger timers D, I, J and K to zero over reliable ones (RFC
   * 3261 §17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).
   */
  boolean reliable();

  /**
   * Sends a message. The stage completes when the transport has handed the message on, and fails
   * when it cannot deliver it (connection refused or lost, no route, ICMP error): the transaction
   * then reports a transport error (RFC 3261 §17.1.4, §17.2.4). It must not block the caller.
   */
  CompletionStage<Void> send(SipMessage message);
}
