package io.sipher.stack.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket: each datagram is one message (RFC 3261 §18.3), each source that sent a
 * well-formed message a flow. STUN Binding requests (RFC 5626 §4.4.2 keep-alives) get their
 * response and CRLF datagrams are keep-alives needing none; both only refresh a flow that exists,
 * so that datagrams with forged sources cannot fill the table. At most {@code maxFlows} sources are
 * remembered; beyond that, messages are still handled but their flow is not kept. Sources silent
 * for longer than the configured time are forgotten and their flows die.
 *
 * <p>All state is touched only on the socket's event loop (reads, the expiry sweep, and flows made
 * for sending are handed over to it), so no locking is needed.
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
  private final int maxFlows;
  private final Map<InetSocketAddress, DatagramFlow> flows = new HashMap<>();
  private final RateLimitedLog fullLog = new RateLimitedLog(log);
  private volatile Channel socket;

  DatagramHandler(Owner owner, SipParser parser, LongSupplier nanoTime, int maxFlows) {
    this.owner = owner;
    this.parser = parser;
    this.nanoTime = nanoTime;
    this.maxFlows = maxFlows;
  }

  // Taken when the handler joins the channel: channelActive comes only after bind() has returned,
  // and a send may be asked for in between.
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    socket = ctx.channel();
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
      refresh(source);
      return;
    }
    byte[] bytes = new byte[data.readableBytes()];
    data.getBytes(data.readerIndex(), bytes);
    ParseResult result = parser.parseDatagram(bytes);
    if (result instanceof ParseResult.Parsed p) {
      owner.inbound().message(p.message(), flow(source, true));
    } else if (result instanceof ParseResult.Malformed m) {
      // Answered from this socket, but the source is not remembered as a flow.
      owner.inbound().malformed(m.error(), transientFlow(source));
    } else {
      refresh(source);
    }
  }

  private void refresh(InetSocketAddress source) {
    DatagramFlow f = flows.get(source);
    if (f != null) {
      f.heard(nanoTime.getAsLong());
    }
  }

  private DatagramFlow transientFlow(InetSocketAddress remote) {
    return new DatagramFlow(socket, remote, true, nanoTime.getAsLong());
  }

  /**
   * The flow for a remote address on this socket, made on first contact either way. Must run on the
   * socket's event loop.
   */
  DatagramFlow flow(InetSocketAddress remote, boolean inbound) {
    long now = nanoTime.getAsLong();
    DatagramFlow f = flows.get(remote);
    if (f == null || !f.isOpen()) {
      if (f == null && flows.size() >= maxFlows) {
        fullLog.warn("UDP flow table full ({} sources); not remembering more", maxFlows);
        return transientFlow(remote);
      }
      f = new DatagramFlow(socket, remote, inbound, now);
      flows.put(remote, f);
      owner.flowEstablished(f);
    }
    f.heard(now);
    return f;
  }

  /** Forgets sources silent for longer than {@code idleNanos}; runs on the socket's event loop. */
  void expire(long idleNanos) {
    long now = nanoTime.getAsLong();
    var it = flows.values().iterator();
    while (it.hasNext()) {
      DatagramFlow f = it.next();
      if (now - f.lastHeardNanos() > idleNanos || !f.isOpen()) {
        it.remove();
        f.close();
        owner.flowClosed(f);
      }
    }
  }

  /** Closes every flow (the socket is going away); runs on the socket's event loop. */
  void closeAll() {
    for (DatagramFlow f : flows.values()) {
      f.close();
      owner.flowClosed(f);
    }
    flows.clear();
  }

  boolean owns(DatagramFlow f) {
    return f.socket() == socket;
  }

  Channel socket() {
    return socket;
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

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // An ICMP error or a bad packet must not close the shared socket.
    log.debug("UDP {}: {}", ctx.channel().localAddress(), cause.toString());
  }
}
