package io.sipher.server.store;

import static io.sipher.server.store.TestBindings.binding;
import static io.sipher.server.store.TestBindings.withCseq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.server.registrar.Binding;
import io.sipher.server.registrar.BindingStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncBindingWriterTest {

  @TempDir Path dir;

  private static final Duration LONG = Duration.ofSeconds(30);

  @Test
  void close_drainsEverythingQueued() {
    Path file = dir.resolve("sipher.db");
    List<Binding> saved = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(file)) {
      AsyncBindingWriter writer = new AsyncBindingWriter(store.bindings());
      for (int i = 0; i < 2000; i++) {
        Binding b = binding("sip:u" + i + "@example.com", "sips:u" + i + "@192.0.2.1");
        writer.save(b);
        saved.add(b);
      }
      writer.delete(saved.get(0).aor(), saved.get(0).key());
      writer.close();
      assertThat(writer.pending()).isZero();
      assertThat(writer.dropped()).isZero();
    }
    try (SqliteStore reopened = SqliteStore.open(file)) {
      assertThat(reopened.bindings().loadAll())
          .containsExactlyInAnyOrderElementsOf(saved.subList(1, saved.size()));
    }
  }

  @Test
  void loadAll_seesItsOwnQueuedWrites() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("sipher.db"));
        AsyncBindingWriter writer = new AsyncBindingWriter(store.bindings())) {
      Binding b = binding("sip:alice@example.com", "sips:alice@192.0.2.1");
      writer.save(b);
      assertThat(writer.loadAll()).containsExactly(b);
      writer.delete(b.aor(), b.key());
      writer.flush();
      assertThat(store.bindings().loadAll()).isEmpty();
    }
  }

  @Test
  void repeatedSavesOfOneBinding_areCoalesced() throws Exception {
    GatedStore target = new GatedStore();
    Binding a = binding("sip:alice@example.com", "sips:alice@192.0.2.1");
    Binding b = binding("sip:bob@example.com", "sips:bob@192.0.2.2");
    try (AsyncBindingWriter writer = new AsyncBindingWriter(target, 100, Duration.ZERO, LONG)) {
      writer.save(a);
      target.awaitWriting(); // a is in flight, the writer thread is held inside save()
      writer.save(withCseq(a, 2));
      writer.save(b);
      writer.save(withCseq(a, 3));
      writer.delete(b.aor(), b.key());
      writer.save(withCseq(b, 5));
      assertThat(writer.coalesced()).isEqualTo(3);
      target.open();
      writer.flush();
      assertThat(target.ops).containsExactly("save " + a.cseq(), "save 3", "save 5");
      assertThat(writer.written()).isEqualTo(3);
    }
  }

  @Test
  void fullQueue_dropsAfterBlockingBriefly_andCountsIt() throws Exception {
    GatedStore target = new GatedStore();
    try (AsyncBindingWriter writer =
        new AsyncBindingWriter(target, 1, Duration.ofMillis(1), LONG)) {
      writer.save(binding("sip:a@example.com", "sips:a@h")); // taken: in flight
      target.awaitWriting();
      writer.save(binding("sip:b@example.com", "sips:b@h")); // fills the queue
      writer.save(binding("sip:c@example.com", "sips:c@h")); // no room: dropped
      writer.save(withCseq(binding("sip:b@example.com", "sips:b@h"), 9)); // same row: accepted
      assertThat(writer.dropped()).isEqualTo(1);
      target.open();
      writer.flush();
      assertThat(target.ops).containsExactly("save 42", "save 9");
    }
  }

  @Test
  void failedBatch_isRetriedNotLost() {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    List<Binding> written = Collections.synchronizedList(new ArrayList<>());
    BindingStore flaky =
        new BindingStore() {
          @Override
          public void save(Binding binding) {
            if (failuresLeft.getAndDecrement() > 0) {
              throw new StoreException(StoreException.Reason.BUSY, null, "locked");
            }
            written.add(binding);
          }

          @Override
          public void delete(String aor, String key) {}

          @Override
          public List<Binding> loadAll() {
            return List.copyOf(written);
          }
        };
    Binding b = binding("sip:alice@example.com", "sips:alice@192.0.2.1");
    try (AsyncBindingWriter writer = new AsyncBindingWriter(flaky)) {
      writer.save(b);
      writer.flush();
      assertThat(written).containsExactly(b);
      assertThat(writer.failures()).isEqualTo(2);
    }
  }

  @Test
  void retriedBatch_doesNotOverwriteANewerQueuedOperation() throws Exception {
    GatedStore target = new GatedStore();
    target.failNext = true;
    Binding a = binding("sip:alice@example.com", "sips:alice@192.0.2.1");
    try (AsyncBindingWriter writer = new AsyncBindingWriter(target, 100, Duration.ZERO, LONG)) {
      writer.save(a);
      target.awaitWriting();
      writer.save(withCseq(a, 7)); // queued while the first write is failing
      target.open();
      writer.flush();
      assertThat(target.ops).containsExactly("save 7");
    }
  }

  @Test
  void afterClose_writesAreRefused() {
    AsyncBindingWriter writer = new AsyncBindingWriter(new GatedStore());
    writer.close();
    writer.close();
    assertThatThrownBy(() -> writer.save(binding("sip:a@example.com", "sips:a@h")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void close_givesUpAfterTheTimeoutWhenTheStoreNeverRecovers() {
    BindingStore broken =
        new BindingStore() {
          @Override
          public void save(Binding binding) {
            throw new StoreException(StoreException.Reason.DISK_FULL, null, "disk full");
          }

          @Override
          public void delete(String aor, String key) {}

          @Override
          public List<Binding> loadAll() {
            return List.of();
          }
        };
    AsyncBindingWriter writer =
        new AsyncBindingWriter(broken, 10, Duration.ZERO, Duration.ofMillis(200));
    writer.save(binding("sip:a@example.com", "sips:a@h"));
    assertThatThrownBy(writer::flush)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("1 still queued")
        .hasRootCauseMessage("disk full [DISK_FULL]");
    writer.close(); // returns, logging what was lost
    assertThat(writer.pending()).isEqualTo(1);
  }

  /** A store whose writes wait until the test opens the gate, to hold a batch in flight. */
  static final class GatedStore implements BindingStore {
    final List<String> ops = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    volatile boolean failNext;

    void awaitWriting() throws InterruptedException {
      assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
    }

    void open() {
      gate.countDown();
    }

    private void pass() {
      writing.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failNext) {
        failNext = false;
        throw new StoreException(StoreException.Reason.BUSY, null, "locked");
      }
    }

    @Override
    public void save(Binding binding) {
      pass();
      ops.add("save " + binding.cseq());
    }

    @Override
    public void delete(String aor, String key) {
      pass();
      ops.add("delete " + aor);
    }

    @Override
    public List<Binding> loadAll() {
      return List.of();
    }
  }
}
