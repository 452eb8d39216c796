package io.sipher.stack.dns;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Asynchronous DNS queries with a cache that honours record TTLs (RFC 1035 §3.2.1, RFC 2181 §8) and
 * keeps negative answers for a bounded time (RFC 2308 §5).
 *
 * <p>Nothing here blocks: queries go out through dnsjava's {@link Resolver#sendAsync(Message,
 * Executor)}, whose completions run on the given executor, and a cache hit completes at once.
 * Concurrent queries for the same (name, type) share one request to the server. Time comes from an
 * injected {@link InstantSource} so that tests move it by hand.
 *
 * <p>Answers that are not answers (timeout, SERVFAIL, REFUSED, a CNAME loop) fail the future with a
 * {@link DnsQueryException} and are not cached, so the next request asks again.
 */
final class DnsCache {

  /** RFC 1034 §3.6.2 chains are short in practice; this bounds a misconfigured loop. */
  private static final int MAX_CNAME_HOPS = 8;

  /**
   * The records of the asked type (after following CNAMEs), or none for a negative answer.
   *
   * @param records the records, empty when the name or the type does not exist
   * @param nxdomain whether the name itself does not exist
   */
  record Answer(List<Record> records, boolean nxdomain) {
    static final Answer NO_DATA = new Answer(List.of(), false);
    static final Answer NX_DOMAIN = new Answer(List.of(), true);
  }

  /** A query failed without a usable answer. */
  static final class DnsQueryException extends Exception {
    private static final long serialVersionUID = 1L;

    DnsQueryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Key(Name name, int type) {}

  private record Entry(Answer answer, Instant expires) {}

  /** An answer with the number of seconds it may be cached. */
  private record Timed(Answer answer, long ttlSeconds) {}

  private final Resolver resolver;
  private final Executor executor;
  private final InstantSource clock;
  private final long negativeTtlSeconds;
  private final long maxTtlSeconds;
  private final int maxEntries;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Key, CompletableFuture<Answer>> inFlight = new ConcurrentHashMap<>();

  DnsCache(
      Resolver resolver,
      Executor executor,
      InstantSource clock,
      Duration negativeTtl,
      Duration maxTtl,
      int maxEntries) {
    this.resolver = resolver;
    this.executor = executor;
    this.clock = clock;
    this.negativeTtlSeconds = negativeTtl.toSeconds();
    this.maxTtlSeconds = maxTtl.toSeconds();
    this.maxEntries = maxEntries;
  }

  /** The answer for {@code name} (absolute) and {@code type}, from the cache or the server. */
  CompletableFuture<Answer> query(Name name, int type) {
    Key key = new Key(name, type);
    Entry cached = entries.get(key);
    if (cached != null) {
      if (clock.instant().isBefore(cached.expires())) {
        return CompletableFuture.completedFuture(cached.answer());
      }
      entries.remove(key, cached);
    }
    CompletableFuture<Answer> mine = new CompletableFuture<>();
    CompletableFuture<Answer> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      // copy(): a caller completing its future must not complete everyone else's.
      return running.copy();
    }
    CompletableFuture<Timed> sent;
    try {
      sent = send(name, type, 0);
    } catch (RuntimeException e) {
      // Never leave a future in flight that nobody will complete: later lookups would wait on it.
      inFlight.remove(key, mine);
      mine.completeExceptionally(e);
      return mine.copy();
    }
    sent.whenComplete(
        (timed, error) -> {
          if (timed != null) {
            store(key, timed);
          }
          inFlight.remove(key, mine);
          if (error != null) {
            mine.completeExceptionally(error);
          } else {
            mine.complete(timed.answer());
          }
        });
    return mine.copy();
  }

  /** Number of cached answers, expired or not; for tests. */
  int size() {
    return entries.size();
  }

  void clear() {
    entries.clear();
  }

  private CompletableFuture<Timed> send(Name name, int type, int hops) {
    Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    return resolver
        .sendAsync(query, executor)
        .toCompletableFuture()
        .exceptionallyCompose(
            error ->
                CompletableFuture.failedFuture(
                    new DnsQueryException(
                        "no answer for " + name + "/" + Type.string(type) + ": " + error, error)))
        .thenCompose(response -> interpret(name, type, response, hops));
  }

  private CompletableFuture<Timed> interpret(Name name, int type, Message response, int hops) {
    int rcode = response.getRcode();
    if (rcode == Rcode.NXDOMAIN) {
      return CompletableFuture.completedFuture(new Timed(Answer.NX_DOMAIN, negativeTtl(response)));
    }
    if (rcode != Rcode.NOERROR) {
      return CompletableFuture.failedFuture(
          new DnsQueryException(
              name + "/" + Type.string(type) + ": server answered " + Rcode.string(rcode), null));
    }
    // A recursive server returns the CNAME chain and the target's records together (RFC 1034
    // §4.3.2); follow the chain inside the answer section and ask again only where it stops.
    Name current = name;
    long ttl = Long.MAX_VALUE;
    List<Record> answers = response.getSection(Section.ANSWER);
    for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      List<Record> found = new ArrayList<>();
      CNAMERecord alias = null;
      for (Record r : answers) {
        if (!r.getName().equals(current)) {
          continue;
        }
        if (r.getType() == type) {
          found.add(r);
        } else if (r.getType() == Type.CNAME && alias == null) {
          alias = (CNAMERecord) r;
        }
      }
      if (!found.isEmpty()) {
        for (Record r : found) {
          ttl = Math.min(ttl, r.getTTL());
        }
        return CompletableFuture.completedFuture(
            new Timed(new Answer(List.copyOf(found), false), ttl));
      }
      if (alias == null) {
        if (current.equals(name)) {
          return CompletableFuture.completedFuture(
              new Timed(Answer.NO_DATA, negativeTtl(response)));
        }
        // The chain leaves the answer section: resolve its end with a fresh query.
        if (hops + hop >= MAX_CNAME_HOPS) {
          break;
        }
        long chainTtl = ttl;
        return send(current, type, hops + hop + 1)
            .thenApply(t -> new Timed(t.answer(), Math.min(chainTtl, t.ttlSeconds())));
      }
      ttl = Math.min(ttl, alias.getTTL());
      current = alias.getTarget();
    }
    return CompletableFuture.failedFuture(
        new DnsQueryException("CNAME chain too long or looping at " + name, null));
  }

  /**
   * RFC 2308 §5: a negative answer lives as long as the smaller of the SOA record's TTL and its
   * MINIMUM field. We bound that by the configured limit, and use the limit when the server sends
   * no SOA (some forwarders do not), so that a missing name is not re-asked for every request.
   */
  private long negativeTtl(Message response) {
    long ttl = negativeTtlSeconds;
    for (Record r : response.getSection(Section.AUTHORITY)) {
      if (r instanceof SOARecord soa) {
        ttl = Math.min(ttl, Math.min(soa.getTTL(), soa.getMinimum()));
      }
    }
    return ttl;
  }

  private void store(Key key, Timed timed) {
    long ttl = Math.min(timed.ttlSeconds(), maxTtlSeconds);
    if (ttl <= 0) {
      // TTL 0 means "use only for the transaction in progress" (RFC 1035 §3.2.1).
      return;
    }
    Instant now = clock.instant();
    if (entries.size() >= maxEntries) {
      evict(now);
    }
    entries.put(key, new Entry(timed.answer(), now.plusSeconds(ttl)));
  }

  /**
   * Drops expired entries, then arbitrary ones, down to 90% of the capacity: evicting in batches
   * keeps the scan from running on every insert once the cache is full (names in requests are
   * chosen by peers, so a full cache is a state an attacker can hold it in).
   */
  private void evict(Instant now) {
    entries.values().removeIf(e -> !now.isBefore(e.expires()));
    int target = maxEntries - Math.max(1, maxEntries / 10);
    Iterator<Key> it = entries.keySet().iterator();
    while (entries.size() > target && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
