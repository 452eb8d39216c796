package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens and closes thousands of TLS connections, some carrying a request, and checks that nothing
 * is left behind: no entries in either side's connection table, no file descriptors, and no growth
 * of Netty's direct memory beyond its pool's caching.
 */
class TlsConnectionSoakTest {
  private static final int CONNECTIONS = 3000;
  private static final int AT_ONCE = 50;

  @TempDir Path dir;

  private static long directMemory() {
    assertThat(ByteBufAllocator.DEFAULT).isInstanceOf(ByteBufAllocatorMetricProvider.class);
    return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void thousandsOfTlsConnectionsLeaveNothingBehind() throws Exception {
    TestTls tls = new TestTls(dir);
    // Every connection comes from 127.0.0.1: the per-address limit must allow a batch plus the
    // previous one still closing on the server's side.
    TransportConfig config = tls.config().withConnectionLimits(10_000, 1_000);
    try (Node server = new Node(config, tls.tlsListener("server.example.com"))) {
      Destination d =
          new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com");
      // Warm up once so that lazily created pools and threads are not counted as leaks.
      cycle(tls, d, server, 20);
      long fdsBefore = openFileDescriptors();
      long directBefore = directMemory();

      cycle(tls, d, server, CONNECTIONS);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(server.layer.connectionCount()).isZero();
                assertThat(server.layer.flowCount()).isZero();
              });
      assertThat(openFileDescriptors()).isLessThanOrEqualTo(fdsBefore + 10);
      // Memory the buffer allocator holds: its pools keep some chunks, but leaked buffers would
      // pile up far beyond them.
      assertThat(directMemory() - directBefore).isLessThan(64L << 20);
    }
  }

  /** Opens and closes {@code n} connections, {@value #AT_ONCE} at a time. */
  private static void cycle(TestTls tls, Destination d, Node server, int n) throws Exception {
    try (Node client = new Node(tls.config())) {
      for (int done = 0; done < n; done += AT_ONCE) {
        List<CompletableFuture<Flow>> batch = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
          batch.add(client.layer.openNew(d).toCompletableFuture());
        }
        List<Flow> flows = new ArrayList<>();
        for (CompletableFuture<Flow> f : batch) {
          flows.add(f.get(30, TimeUnit.SECONDS));
        }
        Flow first = flows.get(0);
        first.send(Node.options(Transport.TLS, "soak.invalid", "z9hG4bK-" + done));
        server.next();
        for (Flow f : flows) {
          f.close();
        }
        for (Flow f : flows) {
          f.closed().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
      assertThat(client.layer.connectionCount()).isZero();
    }
  }
}
