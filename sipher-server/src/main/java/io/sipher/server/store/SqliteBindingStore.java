package io.sipher.server.store;

import io.sipher.server.registrar.Binding;
import io.sipher.server.registrar.BindingStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Bindings in the SQLite file, written synchronously: each call is one committed transaction. The
 * registrar wraps this in {@link AsyncBindingWriter}; {@code sipher reg list} reads it from another
 * process while the server runs (WAL lets a reader see the last commit without waiting).
 */
public final class SqliteBindingStore implements BindingStore {

  // ON CONFLICT ... DO UPDATE rather than SQLite's INSERT OR REPLACE: the same statement runs on
  // PostgreSQL (ARCHITECTURE decision 8).
  private static final String UPSERT =
      """
      INSERT INTO bindings (aor, binding_key, contact_uri, q_millis, expires_at, call_id, cseq,
        instance_id, reg_id, path, flow_token, transport, source, user_agent, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (aor, binding_key) DO UPDATE SET
        contact_uri = excluded.contact_uri, q_millis = excluded.q_millis,
        expires_at = excluded.expires_at, call_id = excluded.call_id, cseq = excluded.cseq,
        instance_id = excluded.instance_id, reg_id = excluded.reg_id, path = excluded.path,
        flow_token = excluded.flow_token, transport = excluded.transport,
        source = excluded.source, user_agent = excluded.user_agent,
        updated_at = excluded.updated_at""";

  private static final String DELETE = "DELETE FROM bindings WHERE aor = ? AND binding_key = ?";

  private static final String SELECT =
      "SELECT aor, contact_uri, q_millis, expires_at, call_id, cseq, instance_id, reg_id, path,"
          + " flow_token, transport, source, user_agent, updated_at FROM bindings";

  private final SqliteStore store;

  SqliteBindingStore(SqliteStore store) {
    this.store = store;
  }

  @Override
  public void save(Binding binding) {
    Objects.requireNonNull(binding, "binding");
    apply(List.of(new BindingOp.Save(binding)));
  }

  @Override
  public void delete(String aor, String key) {
    apply(List.of(new BindingOp.Delete(aor, key)));
  }

  @Override
  public List<Binding> loadAll() {
    return list(null);
  }

  /**
   * The stored bindings of one address-of-record, or of all when {@code aorOrNull} is null, ordered
   * by AOR then by descending q (the order {@code sipher reg list} prints). Expired bindings are
   * included: the registrar drops them in memory and {@link #purgeExpired} removes them here.
   */
  public List<Binding> list(String aorOrNull) {
    String sql =
        SELECT
            + (aorOrNull == null ? "" : " WHERE aor = ?")
            + " ORDER BY aor, q_millis DESC, binding_key";
    return store.read(
        aorOrNull == null ? "cannot list bindings" : "cannot list bindings of " + aorOrNull,
        c -> {
          List<Binding> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (aorOrNull != null) {
              ps.setString(1, aorOrNull);
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
          }
          return out;
        });
  }

  /**
   * Deletes the bindings that expired at or before {@code now}; returns how many. The fixed-width
   * time text compares in time order, so a plain text comparison does it.
   */
  public int purgeExpired(Instant now) {
    return store.write(
        "cannot purge expired bindings",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM bindings WHERE expires_at <= ?")) {
            ps.setString(1, Codec.instant(now));
            return ps.executeUpdate();
          }
        });
  }

  /**
   * Applies operations in order in one transaction: one commit (and with synchronous=FULL one
   * fsync) for the whole batch, and all or none of it on failure.
   */
  void apply(List<? extends BindingOp> ops) {
    if (ops.isEmpty()) {
      return;
    }
    store.write(
        ops.size() == 1 ? "cannot write binding " + ops.get(0).row() : "cannot write bindings",
        c -> {
          write(c, ops);
          return null;
        });
  }

  private static void write(Connection c, List<? extends BindingOp> ops) throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement(UPSERT);
        PreparedStatement delete = c.prepareStatement(DELETE)) {
      for (BindingOp op : ops) {
        if (op instanceof BindingOp.Save save) {
          bind(upsert, save.binding());
          upsert.executeUpdate();
        } else if (op instanceof BindingOp.Delete del) {
          delete.setString(1, del.aor());
          delete.setString(2, del.key());
          delete.executeUpdate();
        }
      }
    }
  }

  private static void bind(PreparedStatement ps, Binding b) throws SQLException {
    ps.setString(1, b.aor());
    ps.setString(2, b.key());
    ps.setString(3, b.contactUri());
    ps.setInt(4, b.qMillis());
    ps.setString(5, Codec.instant(b.expires()));
    setNullable(ps, 6, b.callId());
    ps.setLong(7, b.cseq());
    setNullable(ps, 8, b.instanceId());
    ps.setInt(9, b.regId());
    ps.setString(10, Codec.jsonArray(b.path()));
    setNullable(ps, 11, b.flowToken());
    setNullable(ps, 12, b.transport());
    setNullable(ps, 13, b.source());
    setNullable(ps, 14, b.userAgent());
    setNullable(ps, 15, Codec.instant(b.updated()));
  }

  private static void setNullable(PreparedStatement ps, int index, String value)
      throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static Binding read(ResultSet rs) throws SQLException {
    return new Binding(
        rs.getString("aor"),
        rs.getString("contact_uri"),
        rs.getInt("q_millis"),
        Codec.instant(rs.getString("expires_at")),
        rs.getString("call_id"),
        rs.getLong("cseq"),
        rs.getString("instance_id"),
        rs.getInt("reg_id"),
        Codec.parseJsonArray(rs.getString("path")),
        rs.getString("flow_token"),
        rs.getString("transport"),
        rs.getString("source"),
        rs.getString("user_agent"),
        Codec.instant(rs.getString("updated_at")));
  }
}
