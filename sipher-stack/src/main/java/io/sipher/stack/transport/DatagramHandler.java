package io.sipher.stack.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket: each datagram is one message (RFC 3261 §18.3), each source address a flow. STUN
 * Binding requests (RFC 5626 §4.4.2 keep-alives) get their response; a CRLF-only datagram is a
 * keep-alive too and needs none. Sources silent for longer than the configured time are forgotten
 * and their flows die.
 */
final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(DatagramHandler.class);

  /** What the handler needs from the transport layer that owns it. */
  interface Owner {
    Inbound inbound();

    void flowEstablished(DatagramFlow flow);

    void flowClosed(Flow flow);
  }

  private final Owner owner;
  private final SipParser parser;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<InetSocketAddress, DatagramFlow> flows =
      new ConcurrentHashMap<>();
  private volatile Channel socket;

  DatagramHandler(Owner owner, SipParser parser, LongSupplier nanoTime) {
    this.owner = owner;
    this.parser = parser;
    this.nanoTime = nanoTime;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    socket = ctx.channel();
    ctx.fireChannelActive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf data = packet.content();
    InetSocketAddress source = packet.sender();
    if (Stun.isStun(data)) {
      ByteBuf response = Stun.bindingResponse(data, source, ctx.alloc());
      if (response != null) {
        ctx.writeAndFlush(new DatagramPacket(response, source));
      }
      flow(source, true);
      return;
    }
    byte[] bytes = new byte[data.readableBytes()];
    data.getBytes(data.readerIndex(), bytes);
    ParseResult result = parser.parseDatagram(bytes);
    DatagramFlow flow = flow(source, true);
    if (result instanceof ParseResult.Parsed p) {
      owner.inbound().message(p.message(), flow);
    } else if (result instanceof ParseResult.Malformed m) {
      owner.inbound().malformed(m.error(), flow);
    }
  }

  /** The flow for a remote address on this socket, made on first contact either way. */
  DatagramFlow flow(InetSocketAddress remote, boolean inbound) {
    long now = nanoTime.getAsLong();
    DatagramFlow f = flows.get(remote);
    if (f == null || !f.isOpen()) {
      DatagramFlow fresh = new DatagramFlow(socket, remote, inbound, now);
      f = flows.merge(remote, fresh, (old, neu) -> old.isOpen() ? old : neu);
      if (f == fresh) {
        owner.flowEstablished(fresh);
      }
    }
    f.heard(now);
    return f;
  }

  boolean owns(DatagramFlow f) {
    return f.socket() == socket;
  }

  boolean isOpen() {
    Channel s = socket;
    return s != null && s.isActive();
  }

  boolean isIpv6() {
    Channel s = socket;
    return s != null
        && ((InetSocketAddress) s.localAddress()).getAddress() instanceof java.net.Inet6Address;
  }

  /** Forgets sources silent for longer than {@code idleNanos}; their flows die. */
  void expire(long idleNanos) {
    long now = nanoTime.getAsLong();
    for (DatagramFlow f : flows.values()) {
      if (now - f.lastHeardNanos() > idleNanos || !f.isOpen()) {
        if (flows.remove(f.remoteAddress(), f)) {
          f.close();
          owner.flowClosed(f);
        }
      }
    }
  }

  /** Closes every flow (the socket is going away). */
  void closeAll() {
    for (DatagramFlow f : flows.values()) {
      if (flows.remove(f.remoteAddress(), f)) {
        f.close();
        owner.flowClosed(f);
      }
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An ICMP error or a bad packet must not close the shared socket.
    log.debug("UDP {}: {}", ctx.channel().localAddress(), cause.toString());
  }
}
