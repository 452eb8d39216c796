package io.sipher.stack.dns;

import io.sipher.message.uri.SipUri;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/** Shared set-up for the locator tests: an executor, a hand-driven clock, result helpers. */
final class LocatorFixture implements AutoCloseable {
  final ExecutorService executor = Executors.newFixedThreadPool(2);
  final ManualClock clock = new ManualClock();

  /** A locator asking {@code dns} (may be null: no DNS server at all) with a seeded random. */
  ServerLocator locator(Dnsmasq dns, UnaryOperator<ServerLocatorConfig.Builder> tweak) {
    ServerLocatorConfig.Builder b =
        ServerLocatorConfig.builder()
            .dnsServers(List.of(dns != null ? dns.address() : unusedLoopbackPort()))
            .queryTimeout(Duration.ofSeconds(2))
            .retries(1);
    return new ServerLocator(tweak.apply(b).build(), executor, clock, new Random(3263));
  }

  ServerLocator locator(Dnsmasq dns) {
    return locator(dns, b -> b);
  }

  static List<Destination> locate(ServerLocator locator, String uri) {
    try {
      return locator.locate(SipUri.parse(uri)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError("locate(" + uri + ") failed: " + e, e);
    }
  }

  /** The failure a locate call completes with. */
  static Throwable failure(ServerLocator locator, String uri) {
    try {
      List<Destination> targets =
          locator.locate(SipUri.parse(uri)).toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected " + uri + " to fail, got " + targets);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError(e);
    }
  }

  static Destination target(Transport t, String ip, int port, String tlsDomain) {
    try {
      return new Destination(t, new InetSocketAddress(InetAddress.getByName(ip), port), tlsDomain);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A loopback port nobody listens on: queries to it fail at once (ICMP port unreachable). */
  static InetSocketAddress unusedLoopbackPort() {
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Virtual time for cache expiry: moves only when a test says so. */
  static final class ManualClock implements InstantSource {
    private volatile Instant now = Instant.parse("2024-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
