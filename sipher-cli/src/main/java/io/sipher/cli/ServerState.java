package io.sipher.cli;

import io.sipher.pki.Pem;
import io.sipher.server.ServerConfig;
import io.sipher.server.ServerCore;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.store.AsyncBindingWriter;
import io.sipher.server.store.CachedCredentials;
import io.sipher.server.store.SqliteStore;
import io.sipher.server.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code sipher serve} keeps between requests and across restarts: the SQLite store, the
 * users (cached in memory), the bindings (in memory, written through in the background), and the
 * secret the digest nonces are signed with, so that nonces survive a restart.
 */
final class ServerState implements AutoCloseable {
  private final SqliteStore store;
  private final CachedCredentials users;
  private final AsyncBindingWriter writer;
  private final LocationService location;
  private final ServerCore core;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sipher-expiry");
            t.setDaemon(true);
            return t;
          });

  private ServerState(
      SqliteStore store,
      CachedCredentials users,
      AsyncBindingWriter writer,
      LocationService location,
      ServerCore core) {
    this.store = store;
    this.users = users;
    this.writer = writer;
    this.location = location;
    this.core = core;
  }

  /** Opens the store in {@code data} and loads the bindings; nothing is left open on failure. */
  static ServerState open(Path data, ServerConfig config, PrintWriter out) {
    SqliteStore store = ServerData.open(data);
    try {
      CachedCredentials users = CachedCredentials.start(store.users());
      // Never block a network thread on a full queue: the binding is in memory already, and a
      // dropped write is counted and logged (ARCHITECTURE decision 6).
      AsyncBindingWriter writer =
          new AsyncBindingWriter(
              store.bindings(),
              AsyncBindingWriter.DEFAULT_CAPACITY,
              java.time.Duration.ZERO,
              AsyncBindingWriter.DEFAULT_CLOSE_TIMEOUT);
      LocationService location = new LocationService(writer, Clock.systemUTC());
      int loaded = location.load();
      byte[] secret = secret(data);
      DigestAuthenticator auth =
          new DigestAuthenticator(config.auth(), users, secret, Clock.systemUTC());
      // The Record-Route signatures use their own key, derived from the same kept secret, so
      // that dialogs set up before a restart still route after it.
      config = config.withProxy(config.proxy().withRouteSecret(derive(secret, "record-route")));
      ServerCore core =
          new ServerCore(
              config, auth, new Registrar(location, config.registrar(), Clock.systemUTC()));
      // `sipher user add --cert-identity sip:alice@example.com`: that certificate proves alice.
      core.identifyUsersByCertificate(
          id -> users.findByCertIdentity(id).map(io.sipher.server.store.UserInfo::user));
      out.println(
          "  store: " + store.file() + " (" + users.size() + " users, " + loaded + " bindings)");
      return new ServerState(store, users, writer, location, core);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * The nonce secret: 32 random bytes made on first start, kept 0600 beside the store, so that a
   * restart does not turn every outstanding nonce into a re-challenge.
   */
  private static byte[] secret(Path data) {
    Path file = data.resolve(ServerData.AUTH_SECRET_FILE);
    try {
      if (Files.exists(file)) {
        byte[] s = Files.readAllBytes(file);
        if (s.length != 32) {
          throw new StoreException(
              StoreException.Reason.CORRUPT,
              file,
              file + " is not a nonce secret (32 bytes); remove it to make a new one");
        }
        return s;
      }
      byte[] s = new byte[32];
      new SecureRandom().nextBytes(s);
      Pem.write(file, s, true);
      return s;
    } catch (IOException e) {
      throw new StoreException(
          StoreException.Reason.NOT_WRITABLE, file, "cannot read or write " + file + ": " + e);
    }
  }

  private static byte[] derive(byte[] secret, String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 missing from this JDK", e);
    }
  }

  ServerCore core() {
    return core;
  }

  LocationService location() {
    return location;
  }

  /** Removes expired bindings once a minute (memory and store). */
  void startSweeping() {
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            location.expire();
          } catch (RuntimeException e) {
            // One failure (the store busy, say) must not end every later sweep.
            LoggerFactory.getLogger(ServerState.class).warn("binding expiry sweep failed", e);
          }
        },
        60,
        60,
        TimeUnit.SECONDS);
  }

  /** Stops sweeping, writes every pending binding change, then closes the store. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    try {
      writer.close();
    } finally {
      users.close();
      store.close();
    }
  }
}
