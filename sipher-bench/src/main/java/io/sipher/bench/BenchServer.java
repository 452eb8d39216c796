package io.sipher.bench;

import io.sipher.server.ServerConfig;
import io.sipher.server.ServerCore;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.UserCredentials;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.store.AsyncBindingWriter;
import io.sipher.server.store.CachedCredentials;
import io.sipher.server.store.SqliteStore;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real server for load runs, as {@code sipher serve} assembles it: users and bindings in a
 * SQLite file (bindings written through in the background), registrar, digest authenticator and
 * proxy, on one TLS listener on 127.0.0.1.
 */
final class BenchServer implements AutoCloseable {
  final SipStack stack;
  final Destination tls;
  private final SqliteStore store;
  private final CachedCredentials users;
  private final AsyncBindingWriter writer;

  private BenchServer(
      SqliteStore store,
      CachedCredentials users,
      AsyncBindingWriter writer,
      SipStack stack,
      Destination tls) {
    this.store = store;
    this.users = users;
    this.writer = writer;
    this.stack = stack;
    this.tls = tls;
  }

  /** Starts it for {@code config}'s domain, with {@code userNames} all having {@code password}. */
  static BenchServer start(
      BenchTls certificates,
      TransportConfig transport,
      ServerConfig config,
      List<String> userNames,
      String password) {
    String domain = config.domains().keySet().iterator().next();
    SqliteStore store = SqliteStore.open(certificates.dir.resolve("bench.db"));
    for (String u : userNames) {
      store.users().add(UserCredentials.fromPassword(u, domain, password.toCharArray()), null);
    }
    CachedCredentials users = CachedCredentials.start(store.users());
    AsyncBindingWriter writer = new AsyncBindingWriter(store.bindings());
    ServerCore core =
        new ServerCore(
            config,
            new DigestAuthenticator(
                config.auth(), users, DigestAuthenticator.newSecret(), Clock.systemUTC()),
            new Registrar(
                new LocationService(writer, Clock.systemUTC()),
                config.registrar(),
                Clock.systemUTC()));
    SipStack stack =
        SipStack.start(
            transport,
            List.of(
                ListenerConfig.secure(
                    Transport.TLS,
                    new InetSocketAddress("127.0.0.1", 0),
                    TlsServerConfig.of(certificates.server))),
            TransactionConfig.DEFAULTS,
            core);
    core.attach(stack);
    Destination tls =
        new Destination(
            Transport.TLS,
            stack.transport().listener(Transport.TLS).orElseThrow().address(),
            domain);
    return new BenchServer(store, users, writer, stack, tls);
  }

  @Override
  public void close() {
    stack.close();
    writer.close();
    users.close();
    store.close();
  }

  /**
   * Lets the load run for {@code warmupSeconds} (JIT, caches, connection pools), then counts how
   * far {@code counter} gets in {@code measureSeconds} of wall-clock time.
   */
  static double perSecond(AtomicLong counter, int warmupSeconds, int measureSeconds)
      throws InterruptedException {
    TimeUnit.SECONDS.sleep(warmupSeconds);
    long before = counter.get();
    long start = System.nanoTime();
    TimeUnit.SECONDS.sleep(measureSeconds);
    return (counter.get() - before) / ((System.nanoTime() - start) / 1e9);
  }
}
