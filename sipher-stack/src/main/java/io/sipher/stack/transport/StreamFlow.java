package io.sipher.stack.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.sipher.message.SipMessage;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/** A flow over one TCP, TLS, WS or WSS connection. */
final class StreamFlow extends Flow {
  private final Channel channel;
  private final boolean webSocket;
  private final List<X509Certificate> peerCertificates;
  private final AtomicReference<CompletableFuture<Void>> pendingPong = new AtomicReference<>();
  private static final byte[] PING = {'\r', '\n', '\r', '\n'};

  StreamFlow(
      Transport transport,
      Channel channel,
      boolean inbound,
      boolean webSocket,
      List<X509Certificate> peerCertificates) {
    super(
        FlowTokens.next(),
        transport,
        (InetSocketAddress) channel.localAddress(),
        (InetSocketAddress) channel.remoteAddress(),
        inbound);
    this.channel = channel;
    this.webSocket = webSocket;
    this.peerCertificates = List.copyOf(peerCertificates);
    closed.whenComplete(
        (f, e) -> {
          CompletableFuture<Void> pong = pendingPong.getAndSet(null);
          if (pong != null) {
            pong.completeExceptionally(new FlowClosedException(this)); // no pong will come
          }
        });
  }

  Channel channel() {
    return channel;
  }

  @Override
  public boolean isOpen() {
    return channel.isActive() && !closed.isDone();
  }

  @Override
  public CompletionStage<Void> send(SipMessage message) {
    if (!isOpen()) {
      return CompletableFuture.failedFuture(new FlowClosedException(this));
    }
    tap.sent(message, this);
    ByteBuf buf = Encoding.encode(channel.alloc(), message);
    Object out = buf;
    if (webSocket) {
      // RFC 7118 §5: one SIP message per WebSocket message; text frames carry UTF-8 only.
      out = Encoding.isUtf8(buf) ? new TextWebSocketFrame(buf) : new BinaryWebSocketFrame(buf);
    }
    return completion(channel.writeAndFlush(out));
  }

  /** Writes raw bytes (a keep-alive pong) without a message around them. */
  void sendRaw(ByteBuf bytes) {
    channel.writeAndFlush(bytes);
  }

  @Override
  public CompletionStage<Void> ping() {
    if (!isOpen()) {
      return CompletableFuture.failedFuture(new FlowClosedException(this));
    }
    if (webSocket) {
      // RFC 7118 keeps WebSocket connections alive with WebSocket pings, not CRLF.
      return CompletableFuture.failedFuture(
          new UnsupportedOperationException("CRLF keep-alives do not apply to WebSocket"));
    }
    CompletableFuture<Void> pong = new CompletableFuture<>();
    CompletableFuture<Void> earlier = pendingPong.getAndSet(pong);
    if (earlier != null) {
      pong.whenComplete((ok, e) -> earlier.complete(null)); // one pong answers every ping sent
    }
    channel
        .writeAndFlush(Unpooled.wrappedBuffer(PING))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                pendingPong.compareAndSet(pong, null);
                pong.completeExceptionally(f.cause());
              }
            });
    return pong;
  }

  /** The peer answered a ping (RFC 5626 §4.4.1). Runs on the connection's event loop. */
  void pongReceived() {
    CompletableFuture<Void> pong = pendingPong.getAndSet(null);
    if (pong != null) {
      pong.complete(null);
    }
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public List<X509Certificate> peerCertificates() {
    return peerCertificates;
  }

  static CompletionStage<Void> completion(ChannelFuture f) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            done.complete(null);
          } else {
            done.completeExceptionally(x.cause());
          }
        });
    return done;
  }
}
