package io.sipher.server.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.server.auth.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the location service writes to its store (ARCHITECTURE decision 7): every change a restart
 * must find, but a refresh that only moves the expiry and the REGISTER ordering (Call-ID, CSeq)
 * only when the stored expiry has fallen below {@link LocationService#STORED_SHARE} of the new
 * remaining lifetime.
 */
class LocationServiceWriteThroughTest {
  private static final String AOR = "sip:1000@example.test";
  private static final String CONTACT = "sip:1000@127.0.0.1:5080;transport=udp";

  private final TestClock clock = new TestClock();
  private final RecordingStore store = new RecordingStore();
  private final LocationService location = new LocationService(store, clock);

  @Test
  void aNewBinding_isWrittenAtOnce() {
    register("call-1", 1, 3600, 1000, List.of());

    assertThat(store.saved).extracting(Binding::cseq).containsExactly(1L);
  }

  @Test
  void aRefreshSoonAfter_isNotWritten_evenWithANewCallId() {
    register("call-1", 1, 3600, 1000, List.of());
    clock.advance(Duration.ofSeconds(10));

    register("call-1", 2, 3600, 1000, List.of());
    register("call-2", 1, 3600, 1000, List.of()); // SIPp, or a phone after a reboot

    assertThat(store.saved).hasSize(1);
    assertThat(location.lookup(AOR, token -> true))
        .singleElement()
        .satisfies(b -> assertThat(b.callId()).isEqualTo("call-2"));
  }

  @Test
  void aRefreshOnceTheStoredLifetimeIsShort_isWritten() {
    register("call-1", 1, 3600, 1000, List.of());
    // 10% of the lifetime gone: the stored copy no longer has 90% of a fresh one's.
    clock.advance(Duration.ofSeconds(361));

    register("call-1", 2, 3600, 1000, List.of());

    assertThat(store.saved).extracting(Binding::cseq).containsExactly(1L, 2L);
  }

  @Test
  void aShorterLifetime_isWrittenAtOnce_soThatARestartDoesNotLengthenIt() {
    register("call-1", 1, 3600, 1000, List.of());
    clock.advance(Duration.ofSeconds(1));

    register("call-1", 2, 60, 1000, List.of());

    assertThat(store.saved).extracting(Binding::cseq).containsExactly(1L, 2L);
  }

  @Test
  void anyOtherChange_isWrittenAtOnce() {
    register("call-1", 1, 3600, 1000, List.of());
    clock.advance(Duration.ofSeconds(1));

    register("call-1", 2, 3600, 500, List.of()); // q
    register("call-1", 3, 3600, 500, List.of("<sip:edge.example.test;lr>")); // Path

    assertThat(store.saved).extracting(Binding::cseq).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aRemovedBinding_isDeleted() {
    register("call-1", 1, 3600, 1000, List.of());

    location.update(AOR, bindings -> bindings.remove(CONTACT));

    assertThat(store.deleted).containsExactly(CONTACT);
  }

  private void register(String callId, long cseq, int seconds, int qMillis, List<String> path) {
    Instant now = clock.instant();
    Binding b =
        new Binding(
            AOR,
            CONTACT,
            qMillis,
            now.plusSeconds(seconds),
            callId,
            cseq,
            null,
            0,
            path,
            null,
            "udp",
            "127.0.0.1:5080",
            "test",
            now);
    location.update(AOR, bindings -> bindings.put(b.key(), b));
  }

  private static final class RecordingStore implements BindingStore {
    final List<Binding> saved = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();

    @Override
    public void save(Binding binding) {
      saved.add(binding);
    }

    @Override
    public void delete(String aor, String key) {
      deleted.add(key);
    }

    @Override
    public List<Binding> loadAll() {
      return List.of();
    }
  }
}
