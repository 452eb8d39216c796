package io.sipher.server.store;

import io.sipher.server.registrar.Binding;
import io.sipher.server.registrar.BindingStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BindingStore} whose {@link #save} and {@link #delete} return at once: the operations are
 * queued and written by one background thread, many to a transaction, so the registrar on a network
 * thread never waits for the disk (ARCHITECTURE decision 6).
 *
 * <h2>Coalescing</h2>
 *
 * The queue holds at most one operation per binding row (AOR and key). A UA refreshing its
 * registration before the previous write reached the disk replaces the queued operation, and a
 * delete replaces a queued save: only the last state of a row matters, so a burst of refreshes
 * costs one row write.
 *
 * <h2>When the queue is full</h2>
 *
 * The queue holds up to {@code capacity} distinct rows (an operation on a row already queued is
 * always accepted). It fills only when the store stops keeping up: a disk failing, or another
 * process holding the write lock for long. Then the caller waits up to {@code maxBlock} for room;
 * if there is still none the operation is dropped, counted in {@link #dropped()} and logged at
 * ERROR with its AOR and key. A dropped save loses nothing while the server runs (the location
 * service keeps the binding in memory) and the UA's next refresh writes it again; it is lost only
 * if the server also crashes before that. In normal operation nothing is dropped.
 *
 * <h2>Failures</h2>
 *
 * A batch that fails to commit goes back to the head of the queue (except rows that got a newer
 * operation meanwhile: the newer one wins) and is retried with a backoff of up to {@link
 * #MAX_BACKOFF}, so a locked or briefly failing store delays writes without losing them. A store
 * that never recovers holds the queue until it fills, and then the rule above applies.
 *
 * <h2>Lifecycle</h2>
 *
 * Operations are accepted until {@link #close()}, which drains the queue (waiting up to {@code
 * closeTimeout}) and stops the thread; afterwards {@code save} and {@code delete} throw {@link
 * IllegalStateException}. Close the writer after the listeners stop and before the {@link
 * SqliteStore}. The thread is a daemon: a JVM that exits without close() loses what is queued, at
 * most the operations of the last moments, which is what a crash loses too.
 */
public final class AsyncBindingWriter implements BindingStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AsyncBindingWriter.class);

  /** Distinct rows the queue holds by default: far above any burst a healthy disk lets build. */
  public static final int DEFAULT_CAPACITY = 65_536;

  /** How long a caller waits for room in a full queue before its operation is dropped. */
  public static final Duration DEFAULT_MAX_BLOCK = Duration.ofMillis(100);

  /** How long {@link #close()} and {@link #flush()} wait for the queue to drain. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  /** The longest pause between retries of a failing batch. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  // Rows per transaction: large enough to amortise the commit's fsync, small enough that the
  // store's connection lock is not held for long (the credentials reload shares it).
  static final int BATCH_SIZE = 500;

  private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private record Pending(BindingOp op, long seq) {}

  private final BindingStore target;
  private final int capacity;
  private final long maxBlockNanos;
  private final Duration closeTimeout;
  private final Thread thread;

  private final ReentrantLock lock = new ReentrantLock();
  // One condition for every change (queued, taken, written, closing): waits are rare and short.
  private final Condition changed = lock.newCondition();
  // Guarded by lock. Iteration order is seq order: a coalesced row is removed and re-added.
  private LinkedHashMap<List<String>, Pending> pending = new LinkedHashMap<>();
  private long lastSeq; // guarded by lock
  private long inflightMinSeq = Long.MAX_VALUE; // guarded by lock; MAX_VALUE when none
  private int inflightCount; // guarded by lock
  private boolean closing; // guarded by lock
  private boolean abandon; // guarded by lock: close timed out, stop retrying

  private final AtomicLong written = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile Throwable lastError;

  /** A writer to {@code target} with the default capacity, block time and close timeout. */
  public AsyncBindingWriter(BindingStore target) {
    this(target, DEFAULT_CAPACITY, DEFAULT_MAX_BLOCK, DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * A writer to {@code target}; with a {@link SqliteBindingStore} each batch is one transaction.
   *
   * @param capacity the most distinct binding rows queued at once
   * @param maxBlock how long save/delete wait for room in a full queue before dropping
   * @param closeTimeout how long close() and flush() wait for the queue to drain
   */
  public AsyncBindingWriter(
      BindingStore target, int capacity, Duration maxBlock, Duration closeTimeout) {
    this.target = Objects.requireNonNull(target, "target");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.maxBlockNanos = maxBlock.toNanos();
    this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    this.thread = new Thread(this::run, "sipher-binding-writer");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues the binding to be inserted or replaced; returns without waiting for the disk. */
  @Override
  public void save(Binding binding) {
    submit(new BindingOp.Save(Objects.requireNonNull(binding, "binding")));
  }

  /** Queues the removal of one binding; returns without waiting for the disk. */
  @Override
  public void delete(String aor, String key) {
    submit(new BindingOp.Delete(Objects.requireNonNull(aor, "aor"), Objects.requireNonNull(key)));
  }

  /** Waits for the queued operations, then reads the target: a read that sees its own writes. */
  @Override
  public List<Binding> loadAll() {
    flush();
    return target.loadAll();
  }

  /**
   * Waits until every operation queued before this call is written.
   *
   * @throws StoreException when that takes longer than the close timeout (the store is failing; the
   *     cause is the last write error)
   */
  public void flush() {
    if (!flush(closeTimeout)) {
      throw new StoreException(
          StoreException.Reason.FAILED,
          null,
          "bindings not written within " + closeTimeout + ": " + pending() + " still queued",
          lastError);
    }
  }

  /**
   * Waits up to {@code timeout} until every operation queued before this call is written; returns
   * false when the time ran out (or the thread was interrupted).
   */
  public boolean flush(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      long target = lastSeq;
      while (oldestUnwritten() <= target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || abandon) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops accepting operations, writes what is queued (waiting up to the close timeout) and stops
   * the thread. What could not be written in time is logged at ERROR. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closing) {
        return;
      }
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    boolean drained = flush(closeTimeout);
    lock.lock();
    try {
      if (!drained) {
        abandon = true;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!drained) {
      List<List<String>> lost;
      lock.lock();
      try {
        lost = new ArrayList<>(pending.keySet());
      } finally {
        lock.unlock();
      }
      log.error(
          "Closing the binding writer after {}: {} binding writes not persisted (first: {});"
              + " those UAs will re-register",
          closeTimeout,
          lost.size(),
          lost.subList(0, Math.min(10, lost.size())),
          lastError);
    }
  }

  /** Binding rows waiting to be written. */
  public int pending() {
    lock.lock();
    try {
      return pending.size() + inflightCount;
    } finally {
      lock.unlock();
    }
  }

  /** Operations written to the store so far. */
  public long written() {
    return written.get();
  }

  /** Operations replaced in the queue by a later one on the same row before being written. */
  public long coalesced() {
    return coalesced.get();
  }

  /** Operations refused because the queue stayed full: see the class comment. */
  public long dropped() {
    return dropped.get();
  }

  /** Batches that failed to commit and were retried. */
  public long failures() {
    return failures.get();
  }

  private void submit(BindingOp op) {
    List<String> row = op.row();
    lock.lock();
    try {
      if (closing) {
        throw new IllegalStateException("binding writer is closed; cannot write " + row);
      }
      if (!pending.containsKey(row) && pending.size() >= capacity) {
        long left = maxBlockNanos;
        try {
          while (!pending.containsKey(row) && pending.size() >= capacity && left > 0) {
            left = changed.awaitNanos(left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (closing) {
          throw new IllegalStateException("binding writer is closed; cannot write " + row);
        }
        if (!pending.containsKey(row) && pending.size() >= capacity) {
          long n = dropped.incrementAndGet();
          // Log the first drop and then every thousandth, not each: an overloaded store must not
          // also flood the log.
          if (n == 1 || n % 1000 == 0) {
            log.error(
                "Binding write queue full ({} rows, store not keeping up): dropped {} {}"
                    + " ({} dropped so far); the binding stays in memory until the UA refreshes",
                capacity,
                op instanceof BindingOp.Save ? "save of" : "delete of",
                row,
                n);
          }
          return;
        }
      }
      // Remove first so the row moves to the tail: the map's order stays the sequence order,
      // which flush() relies on.
      if (pending.remove(row) != null) {
        coalesced.incrementAndGet();
      }
      pending.put(row, new Pending(op, ++lastSeq));
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // The lowest sequence number not yet written. Caller holds the lock.
  private long oldestUnwritten() {
    long queued = pending.isEmpty() ? Long.MAX_VALUE : pending.values().iterator().next().seq();
    return Math.min(queued, inflightMinSeq);
  }

  /**
   * After a failed batch, each write is tried alone, so that one bad row cannot hold up every
   * binding behind it for ever. A write that fails on its own for a reason retrying cannot cure
   * (anything but a busy or full store) is dropped, counted and logged; what is left is retried.
   */
  private List<Pending> salvage(List<Pending> batch) {
    if (batch.size() == 1 && transientFailure(lastError)) {
      return batch;
    }
    List<Pending> retry = new ArrayList<>();
    for (Pending p : batch) {
      try {
        write(List.of(p));
        written.incrementAndGet();
      } catch (RuntimeException one) {
        if (transientFailure(one)) {
          retry.add(p);
        } else {
          dropped.incrementAndGet();
          log.error("Dropped a binding write that cannot succeed: {}", one.getMessage());
        }
      }
    }
    return retry;
  }

  private static boolean transientFailure(Throwable e) {
    return e instanceof StoreException se
        && (se.reason() == StoreException.Reason.BUSY
            || se.reason() == StoreException.Reason.DISK_FULL
            || se.reason() == StoreException.Reason.NOT_WRITABLE);
  }

  private void run() {
    long backoff = MIN_BACKOFF_NANOS;
    while (true) {
      List<Pending> batch = new ArrayList<>();
      lock.lock();
      try {
        while (pending.isEmpty() && !closing) {
          changed.awaitUninterruptibly();
        }
        if (pending.isEmpty() || abandon) {
          return;
        }
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext() && batch.size() < BATCH_SIZE) {
          batch.add(it.next());
          it.remove();
        }
        inflightMinSeq = batch.get(0).seq();
        inflightCount = batch.size();
        changed.signalAll(); // room for callers waiting on a full queue
      } finally {
        lock.unlock();
      }
      try {
        write(batch);
        written.addAndGet(batch.size());
        backoff = MIN_BACKOFF_NANOS;
        lock.lock();
        try {
          inflightMinSeq = Long.MAX_VALUE;
          inflightCount = 0;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      } catch (RuntimeException e) {
        lastError = e;
        batch = salvage(batch);
        if (batch.isEmpty()) {
          lock.lock();
          try {
            inflightMinSeq = Long.MAX_VALUE;
            inflightCount = 0;
            changed.signalAll();
          } finally {
            lock.unlock();
          }
          continue;
        }
        long n = failures.incrementAndGet();
        log.warn(
            "Writing {} bindings failed (failure {}), retrying in {} ms: {}",
            batch.size(),
            n,
            TimeUnit.NANOSECONDS.toMillis(backoff),
            e.getMessage());
        lock.lock();
        try {
          requeue(batch);
          inflightMinSeq = Long.MAX_VALUE;
          inflightCount = 0;
          changed.signalAll();
          long left = backoff;
          while (left > 0 && !abandon) {
            left = changed.awaitNanos(left);
          }
          if (abandon) {
            return;
          }
        } catch (InterruptedException ie) {
          return; // nobody interrupts this thread but the JVM going down
        } finally {
          lock.unlock();
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toNanos());
      }
    }
  }

  /**
   * Puts a failed batch back ahead of what was queued since, except rows with a newer operation
   * queued: the newer one wins. Its sequence numbers are lower than everything still queued (the
   * batch was the head of the queue), so the order stays the sequence order. Caller holds the lock.
   */
  private void requeue(List<Pending> batch) {
    LinkedHashMap<List<String>, Pending> merged = new LinkedHashMap<>();
    for (Pending p : batch) {
      if (!pending.containsKey(p.op().row())) {
        merged.put(p.op().row(), p);
      }
    }
    for (Map.Entry<List<String>, Pending> e : pending.entrySet()) {
      merged.put(e.getKey(), e.getValue());
    }
    pending = merged;
  }

  private void write(List<Pending> batch) {
    List<BindingOp> ops = batch.stream().map(Pending::op).toList();
    if (target instanceof SqliteBindingStore sqlite) {
      sqlite.apply(ops);
      return;
    }
    // Another store: one call per operation, in order. A failure part-way re-applies the earlier
    // operations on retry, which is harmless: saves and deletes are idempotent.
    for (BindingOp op : ops) {
      if (op instanceof BindingOp.Save s) {
        target.save(s.binding());
      } else if (op instanceof BindingOp.Delete d) {
        target.delete(d.aor(), d.key());
      }
    }
  }
}
