package io.sipher.server.registrar;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bindings of every address-of-record, in memory, written through to a {@link BindingStore}
 * (ARCHITECTURE decisions 6 and 7): lookups and updates never wait on the disk, and a restart
 * reloads what was stored.
 *
 * <p>Changes to one AOR are made under that AOR's lock, so the §10.3 step 7 comparison of Call-ID
 * and CSeq and the update it allows happen atomically.
 */
public final class LocationService {
  private static final Logger log = LoggerFactory.getLogger(LocationService.class);

  private final ConcurrentHashMap<String, Map<String, Binding>> byAor = new ConcurrentHashMap<>();

  /**
   * Which AORs registered over a flow (a phone with several lines, an edge proxy: one flow can
   * carry many), so that a flow's death finds its bindings at once.
   */
  private final ConcurrentHashMap<String, Set<String>> aorsOfFlow = new ConcurrentHashMap<>();

  /**
   * The expiry each binding has in the store, where it differs from nothing else: a refresh that
   * changes only the expiry, Call-ID and CSeq is written when the stored expiry has fallen below
   * {@link #STORED_SHARE} of the new remaining lifetime, not at every refresh.
   *
   * <p>Call-ID and CSeq only order a UA's REGISTERs (§10.3 step 7). A store that lags behind in
   * them costs nothing while the server runs (the check uses the copy in memory); after a restart
   * it accepts a REGISTER the newer pair would have refused as out of order, which can only be an
   * old request of the same UA, and digest authentication refuses replays of those. A UA that takes
   * a new Call-ID at each registration (some do after every reboot, SIPp always) then costs no more
   * writes than one that keeps it.
   */
  private final ConcurrentHashMap<String, Instant> storedExpiry = new ConcurrentHashMap<>();

  /**
   * Why 0.9: a phone that refreshes every few seconds (as NAT keep-alive, or a load test) costs one
   * write per tenth of its lifetime instead of one per REGISTER, while a server that restarts still
   * finds every binding with at least 90% of its lifetime left, well past the phone's next refresh.
   * A phone refreshing at the usual 50-90% of its lifetime is written every time.
   */
  static final double STORED_SHARE = 0.9;

  private final BindingStore store;
  private final Clock clock;

  public LocationService(BindingStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Loads the stored bindings that have not expired; returns how many. */
  public int load() {
    Instant now = clock.instant();
    int n = 0;
    for (Binding b : store.loadAll()) {
      if (b.expiredAt(now)) {
        store.delete(b.aor(), b.key());
        continue;
      }
      // A flow does not survive a restart: RFC 5626 §4.4 has the UA register again over a new
      // one, and until then the binding must not be used as if its flow were there.
      Binding restored = b;
      if (b.flowToken() != null) {
        restored = withoutFlow(b);
        store.save(restored); // so that listings read from the store say so too
      }
      byAor.computeIfAbsent(b.aor(), a -> new LinkedHashMap<>()).put(b.key(), restored);
      storedExpiry.put(id(b.aor(), b.key()), b.expires());
      n++;
    }
    log.info("loaded {} bindings", n);
    return n;
  }

  private static Binding withoutFlow(Binding b) {
    return new Binding(
        b.aor(),
        b.contactUri(),
        b.qMillis(),
        b.expires(),
        b.callId(),
        b.cseq(),
        b.instanceId(),
        b.regId(),
        b.path(),
        null,
        b.transport(),
        b.source(),
        b.userAgent(),
        b.updated());
  }

  /**
   * Applies {@code change} to the bindings of {@code aor} under its lock and stores the result. The
   * function gets a mutable copy keyed by {@link Binding#key()} and returns a value for the caller;
   * entries it removes are deleted from the store, entries it adds or replaces saved.
   */
  public <T> T update(String aor, java.util.function.Function<Map<String, Binding>, T> change) {
    Object[] result = new Object[1];
    List<Runnable> writes = new ArrayList<>();
    Instant now = clock.instant();
    byAor.compute(
        aor,
        (a, current) -> {
          Map<String, Binding> before = current == null ? Map.of() : current;
          Map<String, Binding> after = new LinkedHashMap<>(before);
          result[0] = change.apply(after);
          for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
              storedExpiry.remove(id(a, e.getKey()));
              writes.add(() -> store.delete(a, e.getKey()));
            }
          }
          for (var e : after.entrySet()) {
            Binding b = e.getValue();
            Binding old = before.get(e.getKey());
            if (old != b) {
              String id = id(a, b.key());
              if (!onlyRefreshed(old, b) || !storedLongEnough(id, b, now)) {
                storedExpiry.put(id, b.expires());
                writes.add(() -> store.save(b));
              }
              if (b.flowToken() != null) {
                aorsOfFlow
                    .computeIfAbsent(b.flowToken(), t -> ConcurrentHashMap.newKeySet())
                    .add(a);
              }
            }
          }
          return after.isEmpty() ? null : after;
        });
    // The store is told after the AOR's lock is released: a slow store must not hold up other
    // AORs that share the map's bin (ARCHITECTURE decision 6).
    writes.forEach(Runnable::run);
    @SuppressWarnings("unchecked")
    T t = (T) result[0];
    return t;
  }

  private static String id(String aor, String key) {
    return aor + '\n' + key;
  }

  /**
   * Whether {@code b} differs from {@code old} only in what a refresh changes: its expiry, and the
   * Call-ID and CSeq that order the REGISTERs (see {@link #storedExpiry}).
   */
  private static boolean onlyRefreshed(Binding old, Binding b) {
    return old != null
        && old.contactUri().equals(b.contactUri())
        && old.qMillis() == b.qMillis()
        && java.util.Objects.equals(old.instanceId(), b.instanceId())
        && old.regId() == b.regId()
        && old.path().equals(b.path())
        && java.util.Objects.equals(old.flowToken(), b.flowToken())
        && java.util.Objects.equals(old.transport(), b.transport())
        && java.util.Objects.equals(old.source(), b.source())
        && java.util.Objects.equals(old.userAgent(), b.userAgent());
  }

  /**
   * Whether the stored copy still has {@link #STORED_SHARE} of {@code b}'s remaining lifetime, and
   * no more than it. Listings read from the store ({@code sipher reg list}) may therefore show an
   * expiry up to a tenth of the lifetime early, and an older Call-ID and CSeq.
   */
  private boolean storedLongEnough(String id, Binding b, Instant now) {
    Instant stored = storedExpiry.get(id);
    if (stored == null || stored.isAfter(b.expires())) {
      return false; // a shortened lifetime is written at once: a restart must not lengthen it
    }
    long wanted = java.time.Duration.between(now, b.expires()).toMillis();
    long kept = java.time.Duration.between(now, stored).toMillis();
    return kept >= STORED_SHARE * wanted;
  }

  /**
   * The live bindings of {@code aor}, highest q first: not expired, and, for a binding made over an
   * RFC 5626 flow, only while {@code flowAlive} says that flow is still there.
   */
  public List<Binding> lookup(String aor, Predicate<String> flowAlive) {
    // Each AOR's map is replaced, never changed, once published: reading it needs no lock.
    Map<String, Binding> m = byAor.get(aor);
    if (m == null) {
      return List.of();
    }
    Instant now = clock.instant();
    List<Binding> out = new ArrayList<>();
    for (Binding b : m.values()) {
      if (b.expiredAt(now)) {
        continue;
      }
      if (b.instanceId() != null
          && b.regId() > 0
          && (b.flowToken() == null || !flowAlive.test(b.flowToken()))) {
        continue; // RFC 5626 §5.3: an outbound binding is only reachable over its flow
      }
      out.add(b);
    }
    out.sort(Comparator.comparingInt(Binding::qMillis).reversed());
    return out;
  }

  /**
   * A flow has died: its bindings keep their place but lose the flow (RFC 5626 §4.4: an outbound
   * binding is then unusable until the UA registers again; a plain one is still reachable at its
   * Contact address).
   */
  public void flowDied(String token) {
    Set<String> aors = aorsOfFlow.remove(token);
    if (aors == null) {
      return;
    }
    for (String aor : aors) {
      update(
          aor,
          m -> {
            m.replaceAll((k, b) -> token.equals(b.flowToken()) ? withoutFlow(b) : b);
            return null;
          });
    }
  }

  /** Every binding, live or not, for listings. */
  public List<Binding> all() {
    List<Binding> out = new ArrayList<>();
    byAor.values().forEach(m -> out.addAll(m.values()));
    return out;
  }

  /** Removes expired bindings (memory and store); returns how many. */
  public int expire() {
    Instant now = clock.instant();
    int[] n = {0};
    for (String aor : List.copyOf(byAor.keySet())) {
      update(
          aor,
          m -> {
            int before = m.size();
            m.values().removeIf(b -> b.expiredAt(now));
            n[0] += before - m.size();
            return null;
          });
    }
    return n[0];
  }
}
