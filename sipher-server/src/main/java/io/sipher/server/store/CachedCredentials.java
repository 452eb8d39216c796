package io.sipher.server.store;

import io.sipher.server.auth.CredentialStore;
import io.sipher.server.auth.UserCredentials;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of a {@link UserStore} held in memory, so that the authenticator answers {@link #find}
 * on network threads without I/O (ARCHITECTURE decision 6).
 *
 * <h2>Staleness bound</h2>
 *
 * All users are loaded at {@link #start}. A background thread then checks every {@code
 * pollInterval} whether the file changed: {@code PRAGMA data_version} for commits by other
 * processes (the {@code sipher user} CLI editing the file while the server runs) and a counter for
 * writes made through the same {@link UserStore}. When it did, all users are reloaded and swapped
 * in at once. A change committed at time t is therefore answered by {@link #find} from t +
 * pollInterval + one reload at the latest. While reloads fail (the file locked past the busy
 * timeout, a disk error), the last good snapshot keeps serving and each failure is logged; the
 * bound then holds from the first reload that succeeds.
 *
 * <p>The check is one pragma on the store's connection; a reload reads two small tables, so a poll
 * of a few seconds costs nothing measurable. Checking data_version rather than the file's mtime
 * matters: a WAL commit changes the -wal file, not the database file.
 */
public final class CachedCredentials implements CredentialStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CachedCredentials.class);

  /** The default interval between change checks, and so the default staleness bound. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);

  private record Key(String user, String realm) {}

  private record Stamp(long external, long local) {}

  private record Snapshot(
      Map<Key, UserCredentials> byName, Map<String, UserInfo> byIdentity, Instant loadedAt) {}

  private final UserStore users;
  private final ScheduledExecutorService poller;
  private volatile Snapshot snapshot;
  private Stamp loadedStamp; // the stamp read before the current snapshot was loaded; poller only

  private CachedCredentials(UserStore users) {
    this.users = users;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sipher-credentials-refresh");
              t.setDaemon(true);
              return t;
            });
  }

  /** Loads every user and starts watching with {@link #DEFAULT_POLL_INTERVAL}. */
  public static CachedCredentials start(UserStore users) {
    return start(users, DEFAULT_POLL_INTERVAL);
  }

  /**
   * Loads every user now, so that a broken store fails the server's start-up rather than every
   * later authentication, and then checks for changes every {@code pollInterval}.
   *
   * @throws StoreException when the first load fails
   */
  public static CachedCredentials start(UserStore users, Duration pollInterval) {
    Objects.requireNonNull(users, "users");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
    }
    CachedCredentials cache = new CachedCredentials(users);
    synchronized (cache) {
      cache.reload();
    }
    long ms = Math.max(1, pollInterval.toMillis());
    cache.poller.scheduleWithFixedDelay(cache::poll, ms, ms, TimeUnit.MILLISECONDS);
    return cache;
  }

  /** The cached credentials of a user; never blocks. */
  @Override
  public Optional<UserCredentials> find(String user, String realm) {
    return Optional.ofNullable(snapshot.byName().get(new Key(user, realm)));
  }

  /** The user a client-certificate identity is bound to, from the cache; never blocks. */
  public Optional<UserInfo> findByCertIdentity(String certIdentity) {
    return certIdentity == null
        ? Optional.empty()
        : Optional.ofNullable(snapshot.byIdentity().get(certIdentity.strip()));
  }

  /** How many users the cache holds. */
  public int size() {
    return snapshot.byName().size();
  }

  /** When the current snapshot was read from the store. */
  public Instant loadedAt() {
    return snapshot.loadedAt();
  }

  /**
   * Reloads now if the store changed since the last load, on the calling thread (for tests and for
   * an admin "reload" action). Returns whether it reloaded.
   *
   * @throws StoreException when checking or loading fails
   */
  public synchronized boolean refreshIfChanged() {
    if (stamp().equals(loadedStamp)) {
      return false;
    }
    reload();
    return true;
  }

  /** Stops the poller; lookups keep answering from the last snapshot. */
  @Override
  public void close() {
    poller.shutdownNow();
  }

  private void poll() {
    try {
      refreshIfChanged();
    } catch (RuntimeException e) {
      // Keep serving the last snapshot; an authenticator without users would refuse everyone.
      log.warn(
          "Reloading users from {} failed, still serving the snapshot of {}: {}",
          users.sqliteStore().file(),
          snapshot.loadedAt(),
          e.getMessage());
    }
  }

  // Callers hold this object's monitor: the stamp and the load must pair up.
  private void reload() {
    // Read the stamp before loading: a commit landing during the load then makes the next poll
    // see a different stamp and load again, instead of being missed.
    Stamp before = stamp();
    List<UserStore.StoredUser> all = users.loadAll();
    Map<Key, UserCredentials> byName = new HashMap<>();
    Map<String, UserInfo> byIdentity = new HashMap<>();
    for (UserStore.StoredUser u : all) {
      byName.put(new Key(u.info().user(), u.info().realm()), u.credentials());
      if (u.info().certIdentity() != null) {
        byIdentity.put(u.info().certIdentity(), u.info());
      }
    }
    snapshot = new Snapshot(Map.copyOf(byName), Map.copyOf(byIdentity), Instant.now());
    if (loadedStamp != null) {
      log.info("Reloaded {} users from {}", byName.size(), users.sqliteStore().file());
    }
    loadedStamp = before;
  }

  private Stamp stamp() {
    return new Stamp(users.sqliteStore().externalChanges(), users.localChanges());
  }
}
