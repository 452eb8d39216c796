package io.sipher.server.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: one SQLite file holding users (HA1 per algorithm) and registrar bindings, so
 * that a restart or a crash loses neither (ARCHITECTURE decision 7).
 *
 * <h2>Durability</h2>
 *
 * The file runs in WAL mode with {@code synchronous=FULL}. WAL with {@code NORMAL} would already
 * survive a kill -9 of the JVM (a commit is in the WAL file, i.e. in the OS page cache, before
 * {@code COMMIT} returns), but could lose the last commits on a power cut or kernel panic. FULL
 * adds an fsync of the WAL per commit; bindings reach the store through {@link AsyncBindingWriter},
 * which batches many registrations into one transaction off the network threads, so the fsync is
 * paid per batch and never on the hot path (decision 6). WAL also lets another process (the {@code
 * sipher} CLI) read while the server writes.
 *
 * <h2>Opening</h2>
 *
 * {@link #open} creates the folder (0700) and the file (0600: it holds HA1 digests, which are
 * password equivalents for their realm), applies the pragmas, runs {@code PRAGMA quick_check} and
 * the schema migrations, or fails with a {@link StoreException} naming the file and the reason.
 * There is no half-open store: any failure closes the connection before the exception leaves.
 *
 * <h2>Threads</h2>
 *
 * One JDBC connection per store, used under a lock: SQLite serialises writers anyway and the
 * driver's connection is not safe for concurrent use. Callers on network threads must not call this
 * directly; they go through {@link CachedCredentials} and {@link AsyncBindingWriter}. Another
 * process may open the same file at the same time; writers then wait up to the busy timeout.
 */
public final class SqliteStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

  /** How long a write waits for another process's write lock before failing with BUSY. */
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private final UserStore users;
  private final SqliteBindingStore bindings;
  private boolean closed; // guarded by lock

  private SqliteStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
    this.users = new UserStore(this);
    this.bindings = new SqliteBindingStore(this);
  }

  /** Opens or creates the store at {@code file} with the default busy timeout. */
  public static SqliteStore open(Path file) {
    return open(file, DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * Opens or creates the store at {@code file}, migrating its schema to the version this code
   * writes.
   *
   * @throws StoreException when the file or folder cannot be created or written ({@code
   *     NOT_WRITABLE}), is not a SQLite database or is damaged ({@code CORRUPT}), was written by a
   *     newer sipher ({@code TOO_NEW}), belongs to another application ({@code FOREIGN}), or is
   *     locked by another process for longer than {@code busyTimeout} ({@code BUSY})
   */
  public static SqliteStore open(Path file, Duration busyTimeout) {
    Path f = file.toAbsolutePath().normalize();
    prepareFile(f);
    Connection c;
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
      c = config.createConnection("jdbc:sqlite:" + f);
    } catch (SQLException e) {
      throw StoreException.from(f, "cannot open store " + f, e);
    }
    try {
      configure(c, f);
      quickCheck(c, f);
      int found = Migrations.migrate(c, f);
      if (found != Migrations.LATEST) {
        log.info("Store {} migrated from schema {} to {}", f, found, Migrations.LATEST);
      }
      return new SqliteStore(f, c);
    } catch (SQLException e) {
      closeQuietly(c);
      throw StoreException.from(f, "cannot open store " + f, e);
    } catch (RuntimeException | Error e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** The absolute path of the store file. */
  public Path file() {
    return file;
  }

  /** The schema version of the open file (the latest this code knows, once open succeeded). */
  public int schemaVersion() {
    return read("cannot read the schema version", Migrations::currentVersion);
  }

  /** Users and their HA1s: the API of {@code sipher user}. */
  public UserStore users() {
    return users;
  }

  /** Bindings, written synchronously; wrap in {@link AsyncBindingWriter} for the registrar. */
  public SqliteBindingStore bindings() {
    return bindings;
  }

  /**
   * Closes the connection. SQLite checkpoints the WAL into the main file when the last connection
   * to it closes; without a clean close (a crash) the next open replays the WAL instead, so no
   * committed data depends on this being called.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      log.warn("Closing store {} failed: {}", file, e.toString());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteStore[" + file + "]";
  }

  /** Work on the connection; SQLException is translated by the caller's helper. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in a read transaction, so that multi-statement reads see one snapshot. In WAL
   * mode readers never wait for writers.
   */
  <T> T read(String what, SqlWork<T> work) {
    return inTransaction("BEGIN", what, work);
  }

  /**
   * Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction: the write lock is taken at the
   * start, so a transaction that reads then writes cannot fail half-way with SQLITE_BUSY when
   * another process writes in between.
   */
  <T> T write(String what, SqlWork<T> work) {
    return inTransaction("BEGIN IMMEDIATE", what, work);
  }

  /**
   * SQLite's counter of commits made by other connections to this file
   * (https://www.sqlite.org/pragma.html#pragma_data_version): how {@link CachedCredentials} sees
   * the CLI's edits without watching the file, whose mtime a WAL commit does not change.
   */
  long externalChanges() {
    return run(
        "cannot read the data version",
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            return rs.next() ? rs.getLong(1) : 0L;
          }
        });
  }

  private <T> T inTransaction(String begin, String what, SqlWork<T> work) {
    return run(
        what,
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute(begin);
          }
          boolean done = false;
          try {
            T result = work.run(c);
            try (Statement s = c.createStatement()) {
              s.execute("COMMIT");
            }
            done = true;
            return result;
          } finally {
            if (!done) {
              Migrations.rollbackQuietly(c);
            }
          }
        });
  }

  private <T> T run(String what, SqlWork<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("store " + file + " is closed");
      }
      return work.run(connection);
    } catch (SQLException e) {
      throw StoreException.from(file, what, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Creates the folder and an empty file with owner-only modes before SQLite sees them: SQLite
   * would create the file with 0644 (less the umask), readable by every local user. An empty file
   * is a valid empty database. SQLite gives the -wal and -shm files the mode of the main file.
   */
  private static void prepareFile(Path f) {
    Path dir = f.getParent();
    boolean posix = Files.getFileAttributeView(dir.getRoot(), PosixFileAttributeView.class) != null;
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new StoreException(
          StoreException.Reason.NOT_WRITABLE,
          f,
          "cannot create store " + f + ": " + dir + " is not a folder");
    }
    if (!Files.isDirectory(dir)) {
      try {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } else {
          Files.createDirectories(dir);
        }
      } catch (IOException e) {
        throw new StoreException(
            StoreException.Reason.NOT_WRITABLE,
            f,
            "cannot create folder " + dir + " for store " + f + ": " + describe(e),
            e);
      }
    }
    if (Files.isDirectory(f)) {
      throw new StoreException(
          StoreException.Reason.NOT_WRITABLE, f, "store " + f + " is a folder, not a file");
    }
    if (!Files.exists(f)) {
      try {
        if (posix) {
          Files.createFile(f, PosixFilePermissions.asFileAttribute(FILE_MODE));
          // The creation mode is masked by the umask, which can only remove bits; set it
          // explicitly anyway so the result does not depend on the process environment.
          Files.setPosixFilePermissions(f, FILE_MODE);
        } else {
          Files.createFile(f);
        }
        log.info("Created store {}", f);
        return;
      } catch (FileAlreadyExistsException e) {
        // Another process created it between our check and now: open theirs.
      } catch (IOException e) {
        throw new StoreException(
            StoreException.Reason.NOT_WRITABLE,
            f,
            "cannot create store "
                + f
                + ": "
                + describe(e)
                + " (the folder "
                + dir
                + " must exist and be writable by this user)",
            e);
      }
    }
    if (!Files.isReadable(f) || !Files.isWritable(f)) {
      throw new StoreException(
          StoreException.Reason.NOT_WRITABLE,
          f,
          "store " + f + " is not readable and writable by this user");
    }
    if (!Files.isWritable(dir)) {
      throw new StoreException(
          StoreException.Reason.NOT_WRITABLE,
          f,
          "folder "
              + dir
              + " is not writable: SQLite keeps "
              + f.getFileName()
              + "-wal and -shm"
              + " beside the store");
    }
    if (posix) {
      try {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(f);
        if (!FILE_MODE.containsAll(mode)) {
          log.warn(
              "Store {} has mode {}: it holds HA1 digests, which are as good as passwords for"
                  + " their realm; run chmod 600 on it",
              f,
              PosixFilePermissions.toString(mode));
        }
      } catch (IOException e) {
        log.warn("Cannot read the mode of store {}: {}", f, e.toString());
      }
    }
  }

  private static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.getClass().getSimpleName() + " " + e.getMessage();
  }

  private static void configure(Connection c, Path f) throws SQLException {
    try (Statement s = c.createStatement()) {
      // Checks the header first: on a file that is not a database this is where SQLite says so.
      String mode;
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        mode = rs.next() ? rs.getString(1) : "?";
      }
      if (!"wal".equalsIgnoreCase(mode)) {
        // Happens on file systems without shared memory support (some network mounts): the
        // store still works, but the CLI cannot read while the server writes.
        log.warn("Store {} could not switch to WAL mode (journal_mode is {})", f, mode);
      }
      s.execute("PRAGMA synchronous = FULL");
      s.execute("PRAGMA foreign_keys = ON");
      // Overwrite deleted rows so a removed user's or an old password's HA1 does not linger in
      // free pages of the file.
      s.execute("PRAGMA secure_delete = ON");
    }
  }

  private static void quickCheck(Connection c, Path f) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA quick_check(5)")) {
      while (rs.next()) {
        String row = rs.getString(1);
        if (!"ok".equalsIgnoreCase(row)) {
          problems.add(row);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new StoreException(
          StoreException.Reason.CORRUPT,
          f,
          "store " + f + " is damaged (" + String.join("; ", problems) + "); restore a backup");
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Already failing; the original exception is the one to report.
    }
  }
}
