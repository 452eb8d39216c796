package io.sipher.server.store;

import static io.sipher.server.store.TestBindings.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.server.auth.UserCredentials;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

  @TempDir Path dir;

  @Test
  void emptyFolder_createsFileAndMigratesToLatest() throws Exception {
    Path file = dir.resolve("sub/folder/sipher.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      assertThat(store.schemaVersion()).isEqualTo(Migrations.LATEST);
      assertThat(store.file()).isEqualTo(file.toAbsolutePath());
    }
    try (Connection c = raw(file)) {
      assertThat(query(c, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
          .containsExactly("bindings", "schema_version", "user_ha1", "users");
      assertThat(query(c, "PRAGMA application_id"))
          .containsExactly(String.valueOf(Migrations.APPLICATION_ID));
      assertThat(query(c, "PRAGMA journal_mode")).containsExactly("wal");
    }
  }

  @Test
  void newFile_hasOwnerOnlyMode() throws Exception {
    assumeTrue(posix(), "file modes need a POSIX file system");
    Path file = dir.resolve("data/sipher.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.bindings().save(binding("sip:alice@example.com", "sips:alice@192.0.2.1"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      // SQLite gives the WAL the main file's mode: the HA1s pass through it too.
      Path wal = dir.resolve("data/sipher.db-wal");
      assertThat(wal).exists();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal)))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void reopen_keepsDataAndDoesNotMigrateAgain() throws Exception {
    Path file = dir.resolve("sipher.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      store.users().add(UserCredentials.fromPassword("alice", "example.com", pw("pw")), null);
      store.bindings().save(binding("sip:alice@example.com", "sips:alice@192.0.2.1"));
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      assertThat(store.users().find("alice", "example.com")).isPresent();
      assertThat(store.bindings().loadAll()).hasSize(1);
    }
    try (Connection c = raw(file)) {
      assertThat(query(c, "SELECT version FROM schema_version")).containsExactly("1");
    }
  }

  @Test
  void schemaNewerThanCode_isRefusedWithBothVersions() throws Exception {
    Path file = dir.resolve("sipher.db");
    SqliteStore.open(file).close();
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO schema_version VALUES (99, 'from the future', '2099-01-01T00:00:00Z')");
    }
    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.TOO_NEW))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("up to " + Migrations.LATEST);
  }

  @Test
  void garbageFile_isCorruptAndLeftUntouched() throws Exception {
    Path file = dir.resolve("sipher.db");
    byte[] garbage = new byte[8192];
    new Random(1).nextBytes(garbage);
    Files.write(file, garbage);

    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(StoreException.Reason.CORRUPT);
              assertThat(e.file()).isEqualTo(file.toAbsolutePath());
            })
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a SQLite database");
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void shortTextFile_isCorrupt() throws Exception {
    Path file = dir.resolve("sipher.db");
    Files.writeString(file, "this is not a database\n");
    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CORRUPT))
        .hasMessageContaining(file.toString());
  }

  @Test
  void damagedPages_areReportedAsCorrupt() throws Exception {
    Path file = dir.resolve("sipher.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      for (int i = 0; i < 200; i++) {
        store.bindings().save(binding("sip:u" + i + "@example.com", "sips:u@192.0.2.1"));
      }
    }
    // Keep the header page (so SQLite recognises the file) and overwrite the b-tree pages.
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes.length).isGreaterThan(8192);
    for (int i = 4096; i < bytes.length; i++) {
      bytes[i] = (byte) 0x5a;
    }
    Files.write(file, bytes);

    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CORRUPT))
        .hasMessageContaining(file.toString());
  }

  @Test
  void folderIsAFile_givesNotWritable() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("plain"), "x");
    Path file = notAFolder.resolve("sipher.db");
    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_WRITABLE))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is not a folder");
  }

  @Test
  void readOnlyFolder_givesNotWritable() throws Exception {
    assumeTrue(posix(), "file modes need a POSIX file system");
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
    try {
      assumeFalse(Files.isWritable(ro), "this user (root?) may write to a read-only folder");
      Path file = ro.resolve("sipher.db");
      assertThatThrownBy(() -> SqliteStore.open(file))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_WRITABLE))
          .hasMessageContaining(file.toString())
          .hasMessageContaining("not writable");
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void pathIsAFolder_givesNotWritable() throws Exception {
    Path file = Files.createDirectory(dir.resolve("sipher.db"));
    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_WRITABLE))
        .hasMessageContaining("is a folder");
  }

  @Test
  void otherApplicationsDatabase_isRefusedAndNotModified() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = raw(file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }
    assertThatThrownBy(() -> SqliteStore.open(file))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.FOREIGN))
        .hasMessageContaining("[invoices]");
    try (Connection c = raw(file)) {
      assertThat(query(c, "SELECT name FROM sqlite_master WHERE type = 'table'"))
          .containsExactly("invoices");
    }
  }

  @Test
  void closedStore_refusesWork() {
    SqliteStore store = SqliteStore.open(dir.resolve("sipher.db"));
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.bindings().loadAll())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void commitWithoutClose_isVisibleToANewConnection() throws Exception {
    Path file = dir.resolve("sipher.db");
    SqliteStore writer = SqliteStore.open(file);
    try {
      writer.bindings().save(binding("sip:alice@example.com", "sips:alice@192.0.2.1"));
      writer.users().add(UserCredentials.fromPassword("alice", "example.com", pw("pw")), "x");
      // No close: the commits live in the WAL only, not yet checkpointed into the main file.
      assertThat(dir.resolve("sipher.db-wal")).exists();
      try (SqliteStore reader = SqliteStore.open(file)) {
        assertThat(reader.bindings().loadAll()).hasSize(1);
        assertThat(reader.users().find("alice", "example.com")).isPresent();
      }
    } finally {
      writer.close();
    }
  }

  @Test
  void secondStoreOnSameFile_readsWhileTheFirstWrites() {
    Path file = dir.resolve("sipher.db");
    try (SqliteStore server = SqliteStore.open(file);
        SqliteStore cli = SqliteStore.open(file)) {
      assertThat(cli.bindings().list(null)).isEmpty();
      server.bindings().save(binding("sip:alice@example.com", "sips:alice@192.0.2.1"));
      server.bindings().save(binding("sip:bob@example.com", "sips:bob@192.0.2.2"));
      assertThat(cli.bindings().list("sip:bob@example.com"))
          .extracting(b -> b.contactUri())
          .containsExactly("sips:bob@192.0.2.2");
      server.bindings().delete("sip:alice@example.com", "sips:alice@192.0.2.1");
      assertThat(cli.bindings().list(null)).hasSize(1);
    }
  }

  @Test
  void lockHeldByAnotherProcess_givesBusyAfterTheTimeout() throws Exception {
    Path file = dir.resolve("sipher.db");
    SqliteStore.open(file).close();
    try (Connection other = raw(file);
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE"); // another writer holds the lock and does not let go
      try (SqliteStore store = SqliteStore.open(file, java.time.Duration.ofMillis(50))) {
        assertThatThrownBy(
                () -> store.bindings().save(binding("sip:a@example.com", "sips:a@192.0.2.1")))
            .isInstanceOfSatisfying(
                StoreException.class,
                e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.BUSY))
            .hasMessageContaining(file.toString());
        // Reads do not wait for the writer in WAL mode.
        assertThat(store.bindings().loadAll()).isEmpty();
      }
      s.execute("ROLLBACK");
    }
  }

  static Connection raw(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  static List<String> query(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  static char[] pw(String s) {
    return s.toCharArray();
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
