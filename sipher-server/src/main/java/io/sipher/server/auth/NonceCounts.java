package io.sipher.server.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replay protection for stateless nonces: the highest nonce-count accepted per nonce (RFC 7616
 * §3.4: "the server ... can detect ... replays by checking that nc ... is greater than" the last).
 *
 * <p>Memory is bounded. Entries leave when their nonce has expired (the nonce check refuses it from
 * then on anyway) or, under pressure, oldest first use first. Forgetting a nonce that is still
 * valid must not reopen it for replay, so each forgotten entry raises a floor: a nonce issued at or
 * before the floor that is not tracked is answered as stale, and its client simply fetches a new
 * one. The floor only passes the issue time of nonces that were in use, so in normal operation (no
 * pressure) it stays behind every valid nonce.
 *
 * <p>Synchronized: the critical sections are a map lookup and an update.
 */
final class NonceCounts {

  /** What became of a nonce-count. */
  enum Result {
    /** Higher than any before for this nonce: recorded. */
    ACCEPTED,
    /** Not higher than one already accepted for this nonce. */
    REPLAYED,
    /** The nonce may have been seen but is no longer tracked: treat as stale. */
    FORGOTTEN
  }

  private static final class Entry {
    final long issuedAt;
    long highest;

    Entry(long issuedAt, long highest) {
      this.issuedAt = issuedAt;
      this.highest = highest;
    }
  }

  private final int maxEntries;
  private final long lifetimeMillis;
  // Insertion order: the first use of each nonce.
  private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>();
  private long floor = Long.MIN_VALUE;

  NonceCounts(int maxEntries, long lifetimeMillis) {
    this.maxEntries = maxEntries;
    this.lifetimeMillis = lifetimeMillis;
  }

  /**
   * Records {@code nc} for the nonce {@code id} issued at {@code issuedAt}. Call it only for
   * credentials whose response digest was right: otherwise anyone could burn a victim's nonce by
   * sending a high nc with a wrong response.
   */
  synchronized Result advance(long id, long issuedAt, long nc, long nowMillis) {
    purgeExpired(nowMillis);
    Entry e = entries.get(id);
    if (e == null) {
      if (issuedAt <= floor) {
        return Result.FORGOTTEN;
      }
      entries.put(id, new Entry(issuedAt, nc));
      while (entries.size() > maxEntries) {
        Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
        floor = Math.max(floor, it.next().getValue().issuedAt);
        it.remove();
      }
      return Result.ACCEPTED;
    }
    if (nc <= e.highest) {
      return Result.REPLAYED;
    }
    e.highest = nc;
    return Result.ACCEPTED;
  }

  synchronized int size() {
    return entries.size();
  }

  /**
   * Drops expired entries from the head. First use roughly follows issue order, so this is
   * amortised constant; an out-of-order expired entry waits for a later pass or eviction. The floor
   * rises too: a dropped nonce is older than the lifetime, so anything issued before it is stale
   * already, and if the clock steps back the floor still keeps the nonce from being replayed.
   */
  private void purgeExpired(long nowMillis) {
    Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Entry e = it.next().getValue();
      if (nowMillis - e.issuedAt <= lifetimeMillis) {
        return;
      }
      floor = Math.max(floor, e.issuedAt);
      it.remove();
    }
  }
}
