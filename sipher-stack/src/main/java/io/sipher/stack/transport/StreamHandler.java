package io.sipher.stack.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.sipher.message.ParseResult;
import io.sipher.message.ParserLimits;
import io.sipher.message.SipParser;
import io.sipher.message.StreamFramer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a TCP, TLS, WS or WSS connection's pipeline. Its life: the connection opens;
 * for TLS the handshake completes and for WebSocket the upgrade too (both within the handshake
 * timeout, or the connection is closed); then the {@link StreamFlow} is established and entered in
 * the table; bytes are framed into messages (RFC 3261 §18.3; for WebSocket one message per frame,
 * RFC 7118 §5) and handed to {@link Inbound}; double-CRLF pings are answered with a CRLF pong (RFC
 * 5626 §3.5.1); at close the flow dies and leaves the table.
 */
final class StreamHandler extends ChannelInboundHandlerAdapter implements StreamFramer.Sink {
  private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);
  private static final byte[] PONG = {'\r', '\n'};

  /** What the handler needs from the transport layer that owns it. */
  interface Owner {
    Inbound inbound();

    void flowEstablished(StreamFlow flow, String verifiedDomain);

    void flowClosed(Flow flow);
  }

  private final Owner owner;
  private final Transport transport;
  private final boolean inbound;
  private final String verifiedDomain;
  private final CompletableFuture<Flow> established;
  private final long handshakeTimeoutMillis;
  private final StreamFramer framer;
  private final SipParser frameParser;
  private StreamFlow flow;
  private ScheduledFuture<?> handshakeTimer;
  private byte[] scratch = new byte[0];

  StreamHandler(
      Owner owner,
      Transport transport,
      boolean inbound,
      String verifiedDomain,
      CompletableFuture<Flow> established,
      ParserLimits limits,
      long handshakeTimeoutMillis) {
    this.owner = owner;
    this.transport = transport;
    this.inbound = inbound;
    this.verifiedDomain = verifiedDomain;
    this.established = established;
    this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    boolean webSocket = transport == Transport.WS || transport == Transport.WSS;
    this.framer = webSocket ? null : new StreamFramer(limits);
    this.frameParser = webSocket ? new SipParser(limits) : null;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (transport == Transport.TCP) {
      establish(ctx, List.of());
    } else {
      handshakeTimer =
          ctx.executor()
              .schedule(
                  () -> {
                    if (flow == null) {
                      log.info(
                          "{} from {}: handshake not finished in {} ms, closing",
                          transport,
                          ctx.channel().remoteAddress(),
                          handshakeTimeoutMillis);
                      ctx.close();
                    }
                  },
                  handshakeTimeoutMillis,
                  TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent hs) {
      if (!hs.isSuccess()) {
        log.info(
            "TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), reason(hs.cause()));
        established.completeExceptionally(hs.cause());
        ctx.close();
      } else if (transport == Transport.TLS) {
        establish(ctx, peerCertificates(ctx));
      }
    } else if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete
        || event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      establish(ctx, peerCertificates(ctx));
    } else if (event instanceof IdleStateEvent) {
      log.debug("{} idle, closing", flow == null ? ctx.channel() : flow);
      ctx.close();
    }
    ctx.fireUserEventTriggered(event);
  }

  private void establish(ChannelHandlerContext ctx, List<X509Certificate> peer) {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    boolean webSocket = transport == Transport.WS || transport == Transport.WSS;
    flow = new StreamFlow(transport, ctx.channel(), inbound, webSocket, peer);
    owner.flowEstablished(flow, verifiedDomain);
    established.complete(flow);
  }

  private static List<X509Certificate> peerCertificates(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : ssl.engine().getSession().getPeerCertificates()) {
        chain.add((X509Certificate) c);
      }
      return chain;
    } catch (SSLPeerUnverifiedException none) {
      return List.of(); // client auth optional and no certificate sent
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (flow == null) {
        return; // nothing before the handshake completes is SIP
      }
      if (msg instanceof ByteBuf buf && framer != null) {
        feed(buf);
      } else if (msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame) {
        ByteBuf content = ((io.netty.handler.codec.http.websocketx.WebSocketFrame) msg).content();
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        accept(frameParser.parseDatagram(bytes));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void feed(ByteBuf buf) {
    int n = buf.readableBytes();
    if (buf.hasArray()) {
      framer.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), n, this);
      return;
    }
    if (scratch.length < n) {
      scratch = new byte[Math.max(n, 2048)];
    }
    buf.getBytes(buf.readerIndex(), scratch, 0, n);
    framer.feed(scratch, 0, n, this);
    if (scratch.length > 65_536) {
      scratch = new byte[0]; // do not keep a large buffer on an idle connection
    }
  }

  @Override
  public void accept(ParseResult result) {
    if (result instanceof ParseResult.Parsed p) {
      owner.inbound().message(p.message(), flow);
    } else if (result instanceof ParseResult.Malformed m) {
      StreamFlow f = flow;
      var answered = owner.inbound().malformed(m.error(), f);
      if (framer != null && m.error().fatal()) {
        // The framing is lost (RFC 3261 §18.3): close once the error response is out.
        answered.whenComplete((ok, e) -> f.close());
      }
    } else if (result instanceof ParseResult.KeepAlive k) {
      // Any CRLF answers a ping we sent: the framer cannot always tell a pong from half a ping,
      // since a pong that ended a read leaves it waiting for a second CRLF that may be the next
      // pong, seconds later.
      flow.pongReceived();
      if (k.kind() == ParseResult.KeepAlive.Kind.PING && framer != null) {
        flow.sendRaw(Unpooled.wrappedBuffer(PONG));
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (flow != null) {
      owner.flowClosed(flow);
    }
    established.completeExceptionally(
        new java.io.IOException("connection closed before it was established"));
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("{}: {}", flow == null ? ctx.channel() : flow, reason(cause));
    ctx.close();
  }

  private static String reason(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      if (c instanceof SipTrustManager.PeerCertificateException) {
        break;
      }
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }
}
