package io.sipher.server.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A store operation that failed, with the file it concerns and a {@link Reason} a caller (the CLI,
 * the server's start-up) can act on without parsing the message. Unchecked because it crosses
 * {@code BindingStore} and {@code CredentialStore}, whose methods declare no exceptions.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the operation failed. */
  public enum Reason {
    /** The file or its folder cannot be created, opened or written (permissions, read-only fs). */
    NOT_WRITABLE,
    /** The file is not a SQLite database, or its pages are damaged. */
    CORRUPT,
    /** The file was written by a newer sipher whose schema this code does not know. */
    TOO_NEW,
    /** A SQLite database that is not a sipher store (another application's file). */
    FOREIGN,
    /** Another process held the write lock for longer than the busy timeout. */
    BUSY,
    /** The disk or the database's size limit is full. */
    DISK_FULL,
    /** The row already exists (a user added twice, a certificate identity used twice). */
    DUPLICATE,
    /** The row to change does not exist. */
    NOT_FOUND,
    /** Anything else SQLite or the file system reported; the message and cause say what. */
    FAILED
  }

  private final Reason reason;
  private final Path file;

  public StoreException(Reason reason, Path file, String message, Throwable cause) {
    super(
        message + (file == null ? " [" + reason + "]" : " [" + reason + ", store " + file + "]"),
        cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.file = file;
  }

  public StoreException(Reason reason, Path file, String message) {
    this(reason, file, message, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The store file the failure concerns, or null when it concerns no single file. */
  public Path file() {
    return file;
  }

  /**
   * Maps a driver exception to a reason by SQLite's primary result code (the xerial driver puts it
   * in {@link SQLException#getErrorCode()}; see https://www.sqlite.org/rescode.html).
   */
  static StoreException from(Path file, String what, SQLException e) {
    Reason reason =
        switch (e.getErrorCode() & 0xff) {
          case 5, 6 -> Reason.BUSY; // SQLITE_BUSY, SQLITE_LOCKED
          case 11, 26 -> Reason.CORRUPT; // SQLITE_CORRUPT, SQLITE_NOTADB
          case 3, 8, 14, 23 -> Reason.NOT_WRITABLE; // PERM, READONLY, CANTOPEN, AUTH
          case 13 -> Reason.DISK_FULL; // SQLITE_FULL
          default -> Reason.FAILED;
        };
    String hint =
        switch (reason) {
          case BUSY -> "another process holds the database lock; retry when it is done";
          case CORRUPT ->
              "the file is not a SQLite database or is damaged; restore it from a backup";
          case NOT_WRITABLE -> "check the permissions of the file and of its folder";
          case DISK_FULL -> "free disk space";
          default -> e.getMessage();
        };
    return new StoreException(reason, file, what + ": " + hint + " (" + e.getMessage() + ")", e);
  }
}
