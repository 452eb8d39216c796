package io.sipher.stack.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.Mapping;
import io.sipher.message.SipMessage;
import io.sipher.message.SipParser;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Via;
import io.sipher.message.uri.HostPort;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over UDP, TCP, TLS, WS and WSS: listeners, outbound connections, the table of flows, and the
 * transport rules of RFC 3261 §18 (with RFC 3581 rport, RFC 5923 connection reuse and RFC 5626
 * flows and keep-alives).
 *
 * <p>Everything runs on Netty event loops (epoll where it loads). Inbound messages go to one {@link
 * InboundHandler}; outbound ones leave either on a known {@link Flow} or toward a {@link
 * Destination}, reusing an open connection before opening a new one.
 */
public final class TransportLayer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransportLayer.class);

  /** A bound listener and the address it really got (port 0 resolved). */
  public record Listener(ListenerConfig config, InetSocketAddress address) {
    public Transport transport() {
      return config.transport();
    }
  }

  private final TransportConfig config;
  private final EventLoops loops;
  private final ConnectionTable table;
  private final Inbound inbound;
  private final TlsContexts tls;
  private final Supplier<SslContext> clientTls;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Channel> listenerChannels = new CopyOnWriteArrayList<>();
  private final List<DatagramHandler> udpSockets = new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<Destination, CompletableFuture<Flow>> connecting =
      new ConcurrentHashMap<>();
  private final List<Consumer<Flow>> flowClosedListeners = new CopyOnWriteArrayList<>();
  private final Owner owner = new Owner();
  private final RateLimitedLog refusals = new RateLimitedLog(log);
  private volatile boolean closed;

  public TransportLayer(TransportConfig config, InboundHandler handler) {
    this.config = config;
    // What can fail on bad configuration comes before the threads, which would otherwise leak.
    this.tls = new TlsContexts(config.tlsEngine(), config.trust(), config.keyLogFile());
    this.clientTls = tls.client(config.clientMaterial());
    this.table = new ConnectionTable(config.maxConnections(), config.maxConnectionsPerAddress());
    MessageTap tap = config.tap();
    InboundHandler tapped =
        tap == MessageTap.NONE
            ? handler
            : (message, flow) -> {
              tap.received(message, flow);
              handler.onMessage(message, flow);
            };
    this.inbound = new Inbound(table, tapped, this::sendResponse);
    int threads =
        config.eventLoopThreads() > 0
            ? config.eventLoopThreads()
            : Runtime.getRuntime().availableProcessors();
    this.loops = new EventLoops(threads);
  }

  /**
   * The network threads as an executor: the stack runs its timer callbacks here, so that the
   * transaction user hears from one kind of thread only, and must never block it.
   */
  public java.util.concurrent.Executor executor() {
    return loops.group();
  }

  /** Whether the Linux epoll transport is in use (else Java NIO). */
  public boolean nativeTransport() {
    return loops.epoll();
  }

  /** The TLS implementation in use: {@code OPENSSL} or {@code JDK}. */
  public String tlsImplementation() {
    return tls.provider().name();
  }

  /** Starts a listener; blocks until it is bound (or fails to). */
  public Listener listen(ListenerConfig lc) {
    if (closed) {
      throw new IllegalStateException("transport layer closed");
    }
    Channel ch;
    try {
      ch =
          lc.transport() == Transport.UDP
              ? bindUdp(lc)
              : new ServerBootstrap()
                  .group(loops.group())
                  .channel(loops.serverChannel())
                  .option(ChannelOption.SO_BACKLOG, 1024)
                  .childOption(ChannelOption.TCP_NODELAY, true)
                  .childHandler(inboundStream(lc))
                  .bind(lc.address())
                  .sync()
                  .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding " + lc.address(), e);
    } catch (Exception e) {
      // Also checked ones: sync() rethrows a failed bind (address in use) as Netty made it, an
      // IOException that no signature declares.
      throw new IllegalStateException(
          "cannot listen on "
              + lc.transport()
              + " "
              + Addresses.format(lc.address())
              + ": "
              + e.getMessage(),
          e);
    }
    listenerChannels.add(ch);
    Listener l = new Listener(lc, (InetSocketAddress) ch.localAddress());
    listeners.add(l);
    log.info("listening on {} {}", lc.transport(), Addresses.format(l.address()));
    return l;
  }

  private Channel bindUdp(ListenerConfig lc) throws InterruptedException {
    DatagramHandler handler =
        new DatagramHandler(
            owner, new SipParser(config.parserLimits()), System::nanoTime, config.maxUdpFlows());
    Channel ch =
        new Bootstrap()
            .group(loops.group())
            .channel(loops.datagramChannel())
            .option(ChannelOption.SO_RCVBUF, 1 << 20)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    // The answers to a read's datagrams leave together: epoll sends them with
                    // one sendmmsg(2).
                    if (config.consolidateFlushes()) {
                      ch.pipeline().addLast(consolidatedFlushes());
                    }
                    ch.pipeline().addLast(handler);
                  }
                })
            .bind(lc.address())
            .sync()
            .channel();
    udpSockets.add(handler);
    // The sweep runs on the socket's own event loop, like its reads: no locking between them.
    long sweep = Math.max(1, Math.min(30_000, config.udpFlowIdle().toMillis() / 4));
    var sweeping =
        ch.eventLoop()
            .scheduleAtFixedRate(
                () -> handler.expire(config.udpFlowIdle().toNanos()),
                sweep,
                sweep,
                TimeUnit.MILLISECONDS);
    ch.closeFuture()
        .addListener(
            f -> {
              sweeping.cancel(false);
              handler.closeAll();
            });
    return ch;
  }

  /**
   * Messages written while a read is being handled (the answers the server gives at once) go out
   * together when that read is done: one write(2), and over TLS the fewest records, instead of one
   * of each per message. Between the SIP handler and TLS, so that TLS sees the writes batched;
   * writes made outside a read (a request forwarded to this connection) are flushed at once. Off
   * when {@link TransportConfig#consolidateFlushes} says so.
   */
  private static FlushConsolidationHandler consolidatedFlushes() {
    return new FlushConsolidationHandler(
        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false);
  }

  private ChannelInitializer<Channel> inboundStream(ListenerConfig lc) {
    Mapping<String, SslContext> sni = lc.transport().secure() ? tls.server(lc.tls()) : null;
    long handshakeMillis = config.handshakeTimeout().toMillis();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        if (closed || !table.reserve(remote.getAddress())) {
          refusals.warn(
              "refused a {} connection from {}: connection limit reached",
              lc.transport(),
              Addresses.format(remote));
          ch.close();
          return;
        }
        ch.closeFuture().addListener(f -> table.release(remote.getAddress()));
        ChannelPipeline p = ch.pipeline();
        p.addLast(idleHandler());
        if (sni != null) {
          p.addLast(new SniHandler(sni, handshakeMillis));
        }
        if (lc.transport() == Transport.WS || lc.transport() == Transport.WSS) {
          addWebSocketServer(p, lc, handshakeMillis);
        }
        if (config.consolidateFlushes()) {
          p.addLast(consolidatedFlushes());
        }
        p.addLast(
            new StreamHandler(
                owner,
                lc.transport(),
                true,
                null,
                new CompletableFuture<>(),
                config.parserLimits(),
                handshakeMillis));
      }
    };
  }

  private void addWebSocketServer(ChannelPipeline p, ListenerConfig lc, long handshakeMillis) {
    int max = config.parserLimits().maxMessageBytes();
    p.addLast(new HttpServerCodec(4096, 8192, 8192));
    p.addLast(new HttpObjectAggregator(8192));
    p.addLast(
        new WebSocketServerProtocolHandler(
            WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(lc.webSocketPath())
                // RFC 7118 §4.1: the "sip" subprotocol is what makes this SIP over WebSocket.
                .subprotocols("sip")
                .handshakeTimeoutMillis(handshakeMillis)
                .maxFramePayloadLength(max)
                .build()));
    // RFC 7118 §5: a SIP message may arrive in fragments (continuation frames); join them.
    p.addLast(new WebSocketFrameAggregator(max));
  }

  /**
   * The client side of RFC 7118: an HTTP upgrade to the "sip" subprotocol on path "/", with the SIP
   * domain (or the address) as the Host.
   */
  private void addWebSocketClient(ChannelPipeline p, Destination d, long handshakeMillis) {
    int max = config.parserLimits().maxMessageBytes();
    String host = d.tlsDomain() != null ? d.tlsDomain() : Addresses.host(d.address().getAddress());
    URI uri =
        URI.create(
            (d.transport() == Transport.WSS ? "wss://" : "ws://")
                + host
                + ":"
                + d.address().getPort()
                + "/");
    p.addLast(new HttpClientCodec());
    p.addLast(new HttpObjectAggregator(8192));
    p.addLast(
        new WebSocketClientProtocolHandler(
            WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol("sip")
                .handshakeTimeoutMillis(handshakeMillis)
                .maxFramePayloadLength(max)
                .build()));
    p.addLast(new WebSocketFrameAggregator(max));
  }

  private IdleStateHandler idleHandler() {
    return new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops accepting new connections (TCP, TLS, WS and WSS listeners close); open connections and
   * the UDP sockets stay, so that transactions in progress can finish. The first step of a clean
   * shutdown.
   */
  public void stopAccepting() {
    for (Channel ch : listenerChannels) {
      if (ch instanceof io.netty.channel.ServerChannel) {
        ch.close();
      }
    }
  }

  public List<Listener> listeners() {
    return List.copyOf(listeners);
  }

  /** The first listener of a transport, if any. */
  public Optional<Listener> listener(Transport transport) {
    return listeners.stream().filter(l -> l.transport() == transport).findFirst();
  }

  /** Called when a flow dies (connection closed, UDP source forgotten); on a network thread. */
  public void onFlowClosed(Consumer<Flow> listener) {
    flowClosedListeners.add(listener);
  }

  /** A live flow by its token. */
  public Optional<Flow> flow(String token) {
    return table.byToken(token);
  }

  /** Connections (TCP, TLS, WS, WSS) currently open, inbound and outbound. */
  public int connectionCount() {
    return table.connections();
  }

  /** Live flows of every transport, UDP sources included. */
  public int flowCount() {
    return table.size();
  }

  /**
   * A flow to {@code destination}: an open one when there is one (RFC 5923 reuse, see {@link
   * ConnectionTable#find}), else a new connection, verified by RFC 5922 for TLS. Concurrent calls
   * for the same destination share one connection attempt.
   */
  public CompletionStage<Flow> connect(Destination destination) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("transport layer closed"));
    }
    if (destination.transport() == Transport.UDP) {
      return udpFlow(destination.address());
    }
    Optional<Flow> open = table.find(destination);
    if (open.isPresent()) {
      return CompletableFuture.completedFuture(open.get());
    }
    CompletableFuture<Flow> attempt = connecting.computeIfAbsent(destination, d -> open(d, null));
    attempt.whenComplete((f, e) -> connecting.remove(destination, attempt));
    return attempt;
  }

  /**
   * A new connection to {@code destination} even when one is open: for a UA that keeps a flow per
   * registration (RFC 5626 §4.2 allows several), and for load tests.
   */
  public CompletionStage<Flow> openNew(Destination destination) {
    if (destination.transport() == Transport.UDP) {
      return closed
          ? CompletableFuture.failedFuture(new IOException("transport layer closed"))
          : udpFlow(destination.address());
    }
    return openNew(destination, null);
  }

  /**
   * A new connection to {@code destination} from {@code localAddress} (port 0 for any): a load
   * generator spreads many connections over several source addresses this way, since one address
   * has only about 28,000 ephemeral ports toward one server. Null picks the address the route
   * gives. Connections only: UDP flows leave from a listener's socket.
   */
  public CompletionStage<Flow> openNew(Destination destination, InetAddress localAddress) {
    if (destination.transport() == Transport.UDP) {
      throw new IllegalArgumentException("UDP flows leave from a listener's socket");
    }
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("transport layer closed"));
    }
    return open(destination, localAddress == null ? null : new InetSocketAddress(localAddress, 0));
  }

  /** Sends {@code message} toward {@code destination} and returns the flow it left on. */
  public CompletionStage<Flow> send(SipMessage message, Destination destination) {
    return connect(destination).thenCompose(f -> f.send(message).thenApply(v -> f));
  }

  /**
   * Sends a response the way RFC 3261 §18.2.2 says: on the connection its request came on while
   * that is open, else on a new connection to the {@code received} address and sent-by port; over
   * UDP to {@code received} at the {@code rport} port when the client asked for rport (RFC 3581
   * §4), else at the sent-by port, always from the socket the request arrived on.
   */
  public CompletionStage<Void> sendResponse(SipResponse response, Flow requestFlow) {
    Via via = response.topVia();
    Transport t = requestFlow.transport();
    if (t.reliable() && requestFlow.isOpen()) {
      return requestFlow.send(response);
    }
    InetSocketAddress target = ViaRules.responseTarget(via, t);
    if (target == null) {
      return CompletableFuture.failedFuture(
          new IOException("no address to send the response to in Via " + via));
    }
    if (t == Transport.UDP) {
      DatagramFlow df = (DatagramFlow) requestFlow;
      if (target.equals(df.remoteAddress())) {
        return df.send(response); // from the socket the request came in on (RFC 3581 §4)
      }
      return udpFlow(socketOf(df), target).thenCompose(f -> f.send(response));
    }
    HostPort sentBy = via.sentBy();
    String domain = sentBy.kind() == HostPort.Kind.HOSTNAME ? sentBy.host() : null;
    return send(response, new Destination(t, target, domain)).thenApply(f -> null);
  }

  private DatagramHandler socketOf(DatagramFlow f) {
    for (DatagramHandler h : udpSockets) {
      if (h.owns(f)) {
        return h;
      }
    }
    throw new IllegalStateException("no socket for " + f);
  }

  private CompletionStage<Flow> udpFlow(InetSocketAddress to) {
    boolean v6 = to.getAddress() instanceof Inet6Address;
    for (DatagramHandler h : udpSockets) {
      if (h.isOpen() && h.isIpv6() == v6) {
        return udpFlow(h, to);
      }
    }
    return CompletableFuture.failedFuture(
        new IOException("no UDP listener for " + (v6 ? "IPv6" : "IPv4") + " to send from"));
  }

  /** The socket's flow toward {@code to}, looked up on the socket's event loop. */
  private static CompletionStage<Flow> udpFlow(DatagramHandler h, InetSocketAddress to) {
    var loop = h.socket().eventLoop();
    if (loop.inEventLoop()) {
      return CompletableFuture.completedFuture(h.flow(to, false));
    }
    CompletableFuture<Flow> made = new CompletableFuture<>();
    loop.execute(() -> made.complete(h.flow(to, false)));
    return made;
  }

  /** Connects to {@code d}, from {@code local} when it is not null. */
  private CompletableFuture<Flow> open(Destination d, InetSocketAddress local) {
    CompletableFuture<Flow> established = new CompletableFuture<>();
    InetSocketAddress addr = d.address();
    if (!table.reserve(addr.getAddress())) {
      established.completeExceptionally(
          new IOException("connection limit reached; not connecting to " + d));
      return established;
    }
    // Released exactly once, whether the channel closes or never came to be.
    AtomicBoolean released = new AtomicBoolean();
    Runnable release =
        () -> {
          if (released.compareAndSet(false, true)) {
            table.release(addr.getAddress());
          }
        };
    boolean secure = d.transport().secure();
    SslContext context;
    try {
      context = secure ? clientTls.get() : null;
    } catch (RuntimeException e) {
      release.run();
      established.completeExceptionally(e);
      return established;
    }
    long handshakeMillis = config.handshakeTimeout().toMillis();
    Bootstrap b =
        new Bootstrap()
            .group(loops.group())
            .channel(loops.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.closeFuture().addListener(f -> release.run());
                    ChannelPipeline p = ch.pipeline();
                    p.addLast(idleHandler());
                    if (secure) {
                      // The peer host is the SIP domain: it is sent as SNI and is what the
                      // certificate must prove (SipTrustManager). An address means no domain.
                      String peerHost =
                          d.tlsDomain() != null
                              ? d.tlsDomain()
                              : addr.getAddress().getHostAddress();
                      SslHandler ssl = context.newHandler(ch.alloc(), peerHost, addr.getPort());
                      ssl.setHandshakeTimeoutMillis(handshakeMillis);
                      p.addLast(ssl);
                    }
                    if (d.transport() == Transport.WS || d.transport() == Transport.WSS) {
                      addWebSocketClient(p, d, handshakeMillis);
                    }
                    if (config.consolidateFlushes()) {
                      p.addLast(consolidatedFlushes());
                    }
                    p.addLast(
                        new StreamHandler(
                            owner,
                            d.transport(),
                            false,
                            d.tlsDomain(),
                            established,
                            config.parserLimits(),
                            handshakeMillis));
                  }
                });
    (local == null ? b.connect(addr) : b.connect(addr, local))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                release.run();
                established.completeExceptionally(
                    new IOException("cannot connect to " + d + ": " + f.cause().getMessage()));
              }
            });
    return established;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Called from one of our own event loops (a callback), waiting would deadlock: close and
    // shut down without waiting then.
    boolean onOwnThread = loops.inEventLoop();
    for (Channel ch : listenerChannels) {
      var closing = ch.close();
      if (!onOwnThread) {
        closing.syncUninterruptibly();
      }
    }
    for (Flow f : table.flows()) {
      f.close();
    }
    loops.shutdown(!onOwnThread);
  }

  private void forget(Flow flow) {
    table.remove(flow);
    for (Consumer<Flow> l : flowClosedListeners) {
      try {
        l.accept(flow);
      } catch (RuntimeException e) {
        log.error("flow listener failed for {}", flow, e);
      }
    }
  }

  /** The callbacks the channel handlers use; kept off the public API. */
  private final class Owner implements StreamHandler.Owner, DatagramHandler.Owner {
    @Override
    public Inbound inbound() {
      return inbound;
    }

    @Override
    public void flowEstablished(StreamFlow flow, String verifiedDomain) {
      flow.tap = config.tap();
      table.add(flow, verifiedDomain);
      flow.closed.thenAccept(TransportLayer.this::forget);
      log.debug("{} established", flow);
    }

    @Override
    public void flowEstablished(DatagramFlow flow) {
      flow.tap = config.tap();
      table.add(flow, null);
      flow.closed.thenAccept(TransportLayer.this::forget);
    }

    @Override
    public void flowClosed(Flow flow) {
      flow.closed.complete(flow);
    }
  }
}
