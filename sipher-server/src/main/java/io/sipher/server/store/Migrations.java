package io.sipher.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbered schema migrations and the runner that applies them. A migration is never edited once
 * released: a change to the schema is a new, higher-numbered migration appended to {@link #ALL}.
 * Each applied migration leaves a row in {@code schema_version}, so a file records which code wrote
 * it and a file from a newer sipher is refused instead of being misread.
 *
 * <p>Column names avoid words reserved in PostgreSQL ({@code user}) or MySQL ({@code key}) so the
 * same schema can be carried to a clustered store (ARCHITECTURE decision 8). Times are ISO-8601
 * text in UTC with nine fraction digits: readable in the {@code sqlite3} shell, sortable as text,
 * and an exact round trip of {@link Instant}.
 */
final class Migrations {

  /**
   * Written to the SQLite header's application_id (https://www.sqlite.org/pragma.html) so that
   * {@code file(1)} and this code can tell a sipher store from another application's database.
   */
  static final int APPLICATION_ID = 0x73697068; // "siph"

  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> ALL =
      List.of(
          new Migration(
              1,
              "users with HA1 per algorithm, bindings",
              List.of(
                  """
                  CREATE TABLE users (
                    username      TEXT NOT NULL,
                    realm         TEXT NOT NULL,
                    cert_identity TEXT,
                    created_at    TEXT NOT NULL,
                    updated_at    TEXT NOT NULL,
                    PRIMARY KEY (username, realm)
                  )""",
                  // One certificate identity names one user; two would make a client
                  // certificate ambiguous.
                  """
                  CREATE UNIQUE INDEX users_cert_identity ON users (cert_identity)
                    WHERE cert_identity IS NOT NULL""",
                  // A child table rather than a column per algorithm: a new algorithm
                  // (RFC 8760 leaves room) needs no migration.
                  """
                  CREATE TABLE user_ha1 (
                    username  TEXT NOT NULL,
                    realm     TEXT NOT NULL,
                    algorithm TEXT NOT NULL,
                    ha1       TEXT NOT NULL,
                    PRIMARY KEY (username, realm, algorithm),
                    FOREIGN KEY (username, realm) REFERENCES users (username, realm)
                      ON DELETE CASCADE ON UPDATE CASCADE
                  )""",
                  """
                  CREATE TABLE bindings (
                    aor         TEXT NOT NULL,
                    binding_key TEXT NOT NULL,
                    contact_uri TEXT NOT NULL,
                    q_millis    INTEGER NOT NULL,
                    expires_at  TEXT NOT NULL,
                    call_id     TEXT,
                    cseq        INTEGER NOT NULL,
                    instance_id TEXT,
                    reg_id      INTEGER NOT NULL,
                    path        TEXT NOT NULL,
                    flow_token  TEXT,
                    transport   TEXT,
                    source      TEXT,
                    user_agent  TEXT,
                    updated_at  TEXT,
                    PRIMARY KEY (aor, binding_key)
                  )""",
                  "PRAGMA application_id = " + APPLICATION_ID)));

  /** The schema version this code writes. */
  static final int LATEST = ALL.get(ALL.size() - 1).version();

  private Migrations() {}

  /**
   * Brings the schema to {@link #LATEST} inside one {@code BEGIN IMMEDIATE} transaction: two
   * processes opening a fresh file at once (server and CLI) serialise on SQLite's write lock, and
   * the second finds the work done. DDL is transactional in SQLite, so a failure leaves the file as
   * it was.
   *
   * @return the schema version found before migrating (0 for a new file)
   */
  static int migrate(Connection c, Path file) throws SQLException {
    // Fast path without the write lock: the CLI opening a store the server keeps up to date
    // should not queue behind the server's writes.
    if (hasVersionTable(c)) {
      int found = currentVersion(c);
      checkNotTooNew(found, file);
      if (found == LATEST) {
        return found;
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      boolean committed = false;
      try {
        checkOwnership(c, file);
        s.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_version (
              version     INTEGER PRIMARY KEY,
              description TEXT NOT NULL,
              applied_at  TEXT NOT NULL
            )""");
        int found = currentVersion(c);
        checkNotTooNew(found, file);
        for (Migration m : ALL) {
          if (m.version() <= found) {
            continue;
          }
          for (String sql : m.statements()) {
            s.execute(sql);
          }
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
            ins.setInt(1, m.version());
            ins.setString(2, m.description());
            ins.setString(3, Codec.instant(Instant.now()));
            ins.executeUpdate();
          }
        }
        s.execute("COMMIT");
        committed = true;
        return found;
      } finally {
        if (!committed) {
          rollbackQuietly(c);
        }
      }
    }
  }

  private static void checkNotTooNew(int found, Path file) {
    if (found > LATEST) {
      throw new StoreException(
          StoreException.Reason.TOO_NEW,
          file,
          "store "
              + file
              + " has schema version "
              + found
              + " but this sipher knows versions up to "
              + LATEST
              + "; it was written by a newer sipher: run that version, or restore a backup"
              + " made for this one");
    }
  }

  private static boolean hasVersionTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
      return rs.next();
    }
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Refuses to add tables to somebody else's database: a file with another application_id, or with
   * tables but no {@code schema_version}, was not made by sipher.
   */
  private static void checkOwnership(Connection c, Path file) throws SQLException {
    int appId;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA application_id")) {
      appId = rs.next() ? rs.getInt(1) : 0;
    }
    if (appId != 0 && appId != APPLICATION_ID) {
      throw new StoreException(
          StoreException.Reason.FOREIGN,
          file,
          String.format(
              "%s is a SQLite database of another application (application_id 0x%08x), not a"
                  + " sipher store",
              file, appId));
    }
    List<String> tables = new ArrayList<>();
    boolean hasVersionTable = false;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
      while (rs.next()) {
        String name = rs.getString(1);
        hasVersionTable |= name.equals("schema_version");
        tables.add(name);
      }
    }
    if (!tables.isEmpty() && !hasVersionTable) {
      throw new StoreException(
          StoreException.Reason.FOREIGN,
          file,
          file + " is a SQLite database with tables " + tables + " but is not a sipher store");
    }
  }

  static void rollbackQuietly(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // No transaction open (SQLite may already have rolled back on an I/O error): nothing to undo.
    }
  }
}
