package io.sipher.stack.transport;

import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.sipher.message.SipMessage;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A UDP flow: one remote address as seen by one of our sockets. Sending on it leaves from that
 * socket, which is what a NAT binding needs (RFC 5626 §3.3; RFC 3581 §4).
 */
final class DatagramFlow extends Flow {
  private final Channel socket;
  private volatile long lastHeardNanos;

  DatagramFlow(Channel socket, InetSocketAddress remote, boolean inbound, long nowNanos) {
    super(
        FlowTokens.next(),
        Transport.UDP,
        (InetSocketAddress) socket.localAddress(),
        remote,
        inbound);
    this.socket = socket;
    this.lastHeardNanos = nowNanos;
  }

  void heard(long nowNanos) {
    lastHeardNanos = nowNanos;
  }

  long lastHeardNanos() {
    return lastHeardNanos;
  }

  Channel socket() {
    return socket;
  }

  @Override
  public boolean isOpen() {
    return socket.isActive() && !closed.isDone();
  }

  @Override
  public CompletionStage<Void> send(SipMessage message) {
    if (!isOpen()) {
      return CompletableFuture.failedFuture(new FlowClosedException(this));
    }
    tap.sent(message, this);
    return StreamFlow.completion(
        socket.writeAndFlush(
            new DatagramPacket(Encoding.encode(socket.alloc(), message), remoteAddress())));
  }

  @Override
  public CompletionStage<Void> ping() {
    // RFC 5626 §4.4.2 (STUN Binding from the UA) is not implemented for the client side yet.
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("UDP keep-alives (STUN) are not supported yet"));
  }

  @Override
  public void close() {
    closed.complete(this);
  }
}
