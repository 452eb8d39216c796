package io.sipher.server.store;

import static io.sipher.server.store.TestBindings.T0;
import static io.sipher.server.store.TestBindings.binding;
import static io.sipher.server.store.TestBindings.outbound;
import static io.sipher.server.store.TestBindings.withCseq;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.server.registrar.Binding;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBindingStoreTest {

  @TempDir Path dir;
  SqliteStore store;
  SqliteBindingStore bindings;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("sipher.db"));
    bindings = store.bindings();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void save_roundTripsEveryField() {
    Binding b = binding("sip:alice@example.com", "sips:alice@192.0.2.1:5061;transport=tls");
    bindings.save(b);
    assertThat(bindings.loadAll()).containsExactly(b);
  }

  @Test
  void save_roundTripsNullsAndEmptyPath() {
    Binding b =
        new Binding(
            "sip:a@example.com",
            "sip:a@192.0.2.1",
            1000,
            T0,
            null,
            0,
            null,
            0,
            List.of(),
            null,
            null,
            null,
            null,
            null);
    bindings.save(b);
    assertThat(bindings.loadAll()).containsExactly(b);
  }

  @Test
  void save_roundTripsAwkwardPathCharacters() {
    List<String> path =
        List.of("<sip:p1.example.com;lr>", "\"quoted\\name\" <sip:x@y>", "", "tab\there é €");
    Binding b =
        new Binding(
            "sip:a@example.com",
            "sip:a@h",
            500,
            Instant.EPOCH,
            "c",
            1,
            null,
            0,
            path,
            null,
            "TLS",
            null,
            null,
            Instant.EPOCH);
    bindings.save(b);
    assertThat(bindings.loadAll()).singleElement().extracting(Binding::path).isEqualTo(path);
  }

  @Test
  void save_sameKey_replaces() {
    Binding b = binding("sip:alice@example.com", "sips:alice@192.0.2.1");
    bindings.save(b);
    bindings.save(withCseq(b, 43));
    assertThat(bindings.loadAll()).extracting(Binding::cseq).containsExactly(43L);
  }

  @Test
  void outboundBindings_areKeyedByInstanceAndRegId() {
    String aor = "sip:bob@example.com";
    String instance = "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>";
    bindings.save(outbound(aor, instance, 1, "sips:bob@192.0.2.5:40001"));
    bindings.save(outbound(aor, instance, 2, "sips:bob@192.0.2.5:40002"));
    // RFC 5626 §6: a new Contact on the same instance and reg-id replaces the old binding.
    bindings.save(outbound(aor, instance, 1, "sips:bob@198.51.100.7:40001"));

    assertThat(bindings.list(aor))
        .extracting(Binding::contactUri)
        .containsExactlyInAnyOrder("sips:bob@198.51.100.7:40001", "sips:bob@192.0.2.5:40002");
    bindings.delete(aor, instance + ";reg-id=2");
    assertThat(bindings.list(aor)).extracting(Binding::regId).containsExactly(1);
  }

  @Test
  void delete_removesOneAndIgnoresUnknown() {
    Binding a = binding("sip:alice@example.com", "sips:alice@192.0.2.1");
    Binding b = binding("sip:alice@example.com", "sips:alice@192.0.2.2");
    bindings.save(a);
    bindings.save(b);
    bindings.delete(a.aor(), a.key());
    bindings.delete("sip:nobody@example.com", "sips:x");
    assertThat(bindings.loadAll()).containsExactly(b);
  }

  @Test
  void list_filtersByAorAndOrdersByAorThenQ() {
    Binding low = binding("sip:alice@example.com", "sips:alice@192.0.2.1");
    Binding high = outbound("sip:alice@example.com", "<urn:uuid:1>", 1, "sips:alice@192.0.2.9");
    Binding bob = binding("sip:bob@example.com", "sips:bob@192.0.2.2");
    bindings.save(bob);
    bindings.save(low);
    bindings.save(high);

    assertThat(bindings.list(null)).containsExactly(high, low, bob);
    assertThat(bindings.list("sip:alice@example.com")).containsExactly(high, low);
    assertThat(bindings.list("sip:carol@example.com")).isEmpty();
  }

  @Test
  void loadAll_includesExpired_purgeExpiredRemovesThem() {
    Binding live = binding("sip:a@example.com", "sips:a@192.0.2.1"); // expires T0 + 1 h
    Binding expired = outbound("sip:a@example.com", "<urn:uuid:2>", 1, "sips:a@192.0.2.2");
    bindings.save(expired);
    bindings.save(live);
    Instant now = expired.expires().plusNanos(1);
    assertThat(expired.expiredAt(now)).isTrue();
    assertThat(live.expiredAt(now)).isFalse();

    assertThat(bindings.loadAll()).hasSize(2);
    assertThat(bindings.purgeExpired(now)).isEqualTo(1);
    assertThat(bindings.loadAll()).containsExactly(live);
  }

  @Test
  void apply_runsABatchInOneTransaction() {
    Binding a = binding("sip:a@example.com", "sips:a@192.0.2.1");
    Binding b = binding("sip:b@example.com", "sips:b@192.0.2.1");
    bindings.apply(
        List.of(
            new BindingOp.Save(a),
            new BindingOp.Save(b),
            new BindingOp.Delete(a.aor(), a.key()),
            new BindingOp.Save(withCseq(b, 99))));
    assertThat(bindings.loadAll()).containsExactly(withCseq(b, 99));
  }
}
