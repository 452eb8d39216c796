package io.sipher.server.store;

import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.server.auth.CredentialStore;
import io.sipher.server.auth.UserCredentials;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Users of the digest authenticator as {@code sipher user add/list/passwd/del} manages them. Every
 * method reads or writes the file and may block (busy timeout); the authenticator on network
 * threads uses {@link CachedCredentials} instead of {@link #find}.
 *
 * <p>Passwords never reach this class: the caller turns them into HA1 per algorithm ({@link
 * UserCredentials#fromPassword}) and the store keeps those (ARCHITECTURE, "Digest authentication").
 */
public final class UserStore implements CredentialStore {

  private static final Logger log = LoggerFactory.getLogger(UserStore.class);

  // Hex digits of each algorithm's digest, to refuse a truncated or mistyped HA1.
  private static final Map<DigestAlgorithm, Integer> EXPECTED_HEX = expectedHexLengths();

  private final SqliteStore store;
  // Bumped by each write through this instance: PRAGMA data_version only counts other
  // connections' commits, so the cache needs this to see its own process's edits.
  private final AtomicLong localChanges = new AtomicLong();

  UserStore(SqliteStore store) {
    this.store = store;
  }

  /**
   * Adds a user.
   *
   * @param certIdentity the client-certificate identity to bind to the user, or null
   * @throws StoreException {@code DUPLICATE} when the user exists in that realm or the identity is
   *     bound to another user
   * @throws IllegalArgumentException when the user, realm or an HA1 is malformed
   */
  public void add(UserCredentials credentials, String certIdentity) {
    validate(credentials);
    String identity = normaliseIdentity(certIdentity);
    String u = credentials.user();
    String r = credentials.realm();
    store.write(
        "cannot add user " + u + " in realm " + r,
        c -> {
          if (exists(c, u, r)) {
            throw new StoreException(
                StoreException.Reason.DUPLICATE,
                store.file(),
                "user "
                    + u
                    + " already exists in realm "
                    + r
                    + "; use passwd to change the password");
          }
          checkIdentityFree(c, identity, u, r);
          String now = Codec.instant(Instant.now());
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO users (username, realm, cert_identity, created_at, updated_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, u);
            ps.setString(2, r);
            ps.setString(3, identity);
            ps.setString(4, now);
            ps.setString(5, now);
            ps.executeUpdate();
          }
          insertHa1(c, credentials);
          return null;
        });
    localChanges.incrementAndGet();
  }

  /**
   * Replaces all HA1 values of an existing user ({@code sipher user passwd}); the algorithms not in
   * {@code credentials} are removed.
   *
   * @throws StoreException {@code NOT_FOUND} when the user does not exist in that realm
   */
  public void updateCredentials(UserCredentials credentials) {
    validate(credentials);
    String u = credentials.user();
    String r = credentials.realm();
    store.write(
        "cannot change the credentials of user " + u + " in realm " + r,
        c -> {
          touch(c, u, r);
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM user_ha1 WHERE username = ? AND realm = ?")) {
            ps.setString(1, u);
            ps.setString(2, r);
            ps.executeUpdate();
          }
          insertHa1(c, credentials);
          return null;
        });
    localChanges.incrementAndGet();
  }

  /**
   * Binds a client-certificate identity to an existing user, or unbinds it with null.
   *
   * @throws StoreException {@code NOT_FOUND} when the user does not exist, {@code DUPLICATE} when
   *     the identity is bound to another user
   */
  public void setCertIdentity(String user, String realm, String certIdentity) {
    String identity = normaliseIdentity(certIdentity);
    store.write(
        "cannot set the certificate identity of user " + user + " in realm " + realm,
        c -> {
          checkIdentityFree(c, identity, user, realm);
          touch(c, user, realm);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE users SET cert_identity = ? WHERE username = ? AND realm = ?")) {
            ps.setString(1, identity);
            ps.setString(2, user);
            ps.setString(3, realm);
            ps.executeUpdate();
          }
          return null;
        });
    localChanges.incrementAndGet();
  }

  /** Removes a user and its HA1 values; returns false when there was no such user. */
  public boolean delete(String user, String realm) {
    boolean existed =
        store.write(
            "cannot delete user " + user + " in realm " + realm,
            c -> {
              // The foreign key cascades too; deleting explicitly keeps this correct on a
              // connection where someone turned foreign_keys off.
              try (PreparedStatement ps =
                  c.prepareStatement("DELETE FROM user_ha1 WHERE username = ? AND realm = ?")) {
                ps.setString(1, user);
                ps.setString(2, realm);
                ps.executeUpdate();
              }
              try (PreparedStatement ps =
                  c.prepareStatement("DELETE FROM users WHERE username = ? AND realm = ?")) {
                ps.setString(1, user);
                ps.setString(2, realm);
                return ps.executeUpdate() > 0;
              }
            });
    localChanges.incrementAndGet();
    return existed;
  }

  /** Every user, by realm then name, without HA1 values. */
  public List<UserInfo> list() {
    return store.read(
        "cannot list users", c -> loadUsers(c, null, null).stream().map(StoredUser::info).toList());
  }

  /** One user without its HA1 values. */
  public Optional<UserInfo> info(String user, String realm) {
    return store.read(
        "cannot read user " + user + " in realm " + realm,
        c -> loadUsers(c, user, realm).stream().map(StoredUser::info).findFirst());
  }

  /**
   * The credentials of a user, read from the file. Blocks: the authenticator uses {@link
   * CachedCredentials#find} instead.
   */
  @Override
  public Optional<UserCredentials> find(String user, String realm) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(realm, "realm");
    return store.read(
        "cannot read user " + user + " in realm " + realm,
        c -> loadUsers(c, user, realm).stream().map(StoredUser::credentials).findFirst());
  }

  /** The user a client-certificate identity is bound to, if any. */
  public Optional<UserInfo> findByCertIdentity(String certIdentity) {
    String identity = normaliseIdentity(certIdentity);
    if (identity == null) {
      return Optional.empty();
    }
    return list().stream().filter(u -> identity.equals(u.certIdentity())).findFirst();
  }

  /** A user as the cache holds it: credentials and what the listing shows. */
  record StoredUser(UserCredentials credentials, UserInfo info) {}

  /** Every user with its HA1 values, in one read transaction (for {@link CachedCredentials}). */
  List<StoredUser> loadAll() {
    return store.read("cannot load users", c -> loadUsers(c, null, null));
  }

  long localChanges() {
    return localChanges.get();
  }

  SqliteStore sqliteStore() {
    return store;
  }

  private List<StoredUser> loadUsers(Connection c, String user, String realm) throws SQLException {
    String where = user == null ? "" : " WHERE u.username = ? AND u.realm = ?";
    String sql =
        "SELECT u.username, u.realm, u.cert_identity, u.created_at, u.updated_at,"
            + " h.algorithm, h.ha1 FROM users u"
            + " LEFT JOIN user_ha1 h ON h.username = u.username AND h.realm = u.realm"
            + where
            + " ORDER BY u.realm, u.username";
    record Row(String identity, String created, String updated, Map<DigestAlgorithm, String> ha1) {}
    Map<List<String>, Row> rows = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (user != null) {
        ps.setString(1, user);
        ps.setString(2, realm);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<String> key = List.of(rs.getString(1), rs.getString(2));
          Row row = rows.get(key);
          if (row == null) {
            row =
                new Row(
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    new EnumMap<>(DigestAlgorithm.class));
            rows.put(key, row);
          }
          String token = rs.getString(6);
          if (token == null) {
            continue; // a user without HA1 rows (only possible by editing the file by hand)
          }
          Optional<DigestAlgorithm> alg = DigestAlgorithm.fromToken(token);
          if (alg.isPresent()) {
            row.ha1().put(alg.get(), rs.getString(7));
          } else {
            log.warn(
                "Ignoring unknown digest algorithm {} of user {} in {}", token, key, store.file());
          }
        }
      }
    }
    List<StoredUser> out = new ArrayList<>(rows.size());
    rows.forEach(
        (key, row) -> {
          UserCredentials creds = new UserCredentials(key.get(0), key.get(1), row.ha1());
          UserInfo info =
              new UserInfo(
                  key.get(0),
                  key.get(1),
                  row.ha1().keySet(),
                  row.identity(),
                  Codec.instant(row.created()),
                  Codec.instant(row.updated()));
          out.add(new StoredUser(creds, info));
        });
    return out;
  }

  private static boolean exists(Connection c, String user, String realm) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT 1 FROM users WHERE username = ? AND realm = ?")) {
      ps.setString(1, user);
      ps.setString(2, realm);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Sets updated_at, failing with NOT_FOUND when the user does not exist. */
  private void touch(Connection c, String user, String realm) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE users SET updated_at = ? WHERE username = ? AND realm = ?")) {
      ps.setString(1, Codec.instant(Instant.now()));
      ps.setString(2, user);
      ps.setString(3, realm);
      if (ps.executeUpdate() == 0) {
        throw new StoreException(
            StoreException.Reason.NOT_FOUND,
            store.file(),
            "no user " + user + " in realm " + realm);
      }
    }
  }

  private void checkIdentityFree(Connection c, String identity, String user, String realm)
      throws SQLException {
    if (identity == null) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT username, realm FROM users WHERE cert_identity = ?")) {
      ps.setString(1, identity);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !(rs.getString(1).equals(user) && rs.getString(2).equals(realm))) {
          throw new StoreException(
              StoreException.Reason.DUPLICATE,
              store.file(),
              "certificate identity "
                  + identity
                  + " is already bound to user "
                  + rs.getString(1)
                  + " in realm "
                  + rs.getString(2));
        }
      }
    }
  }

  private static void insertHa1(Connection c, UserCredentials credentials) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO user_ha1 (username, realm, algorithm, ha1) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<DigestAlgorithm, String> e : credentials.ha1().entrySet()) {
        ps.setString(1, credentials.user());
        ps.setString(2, credentials.realm());
        ps.setString(3, e.getKey().token());
        ps.setString(4, e.getValue().toLowerCase(Locale.ROOT));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Refuses input that would store something the authenticator can never match: an empty name, a
   * missing HA1, or an HA1 that is not the hex digest of its algorithm.
   */
  private static void validate(UserCredentials credentials) {
    if (credentials.user().isBlank()) {
      throw new IllegalArgumentException("user must not be empty");
    }
    if (credentials.realm().isBlank()) {
      throw new IllegalArgumentException("realm must not be empty");
    }
    if (credentials.ha1().isEmpty()) {
      throw new IllegalArgumentException(
          "user " + credentials.user() + " needs an HA1 for at least one algorithm");
    }
    for (Map.Entry<DigestAlgorithm, String> e : credentials.ha1().entrySet()) {
      String hex = e.getValue();
      int want = EXPECTED_HEX.get(e.getKey());
      boolean ok = hex != null && hex.length() == want;
      if (ok) {
        try {
          HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
          ok = false;
        }
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "HA1 for " + e.getKey().token() + " must be " + want + " hex digits");
      }
    }
  }

  private static Map<DigestAlgorithm, Integer> expectedHexLengths() {
    Map<DigestAlgorithm, Integer> m = new EnumMap<>(DigestAlgorithm.class);
    for (DigestAlgorithm a : EnumSet.allOf(DigestAlgorithm.class)) {
      m.put(a, a.hash("").length());
    }
    return m;
  }

  private static String normaliseIdentity(String certIdentity) {
    if (certIdentity == null || certIdentity.isBlank()) {
      return null;
    }
    return certIdentity.strip();
  }
}
