package io.sipher.server.auth;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed authentications per source address and blocks a source that fails too often:
 * password guessing against digest costs the attacker one request per guess, so the guesses are
 * what must be limited.
 *
 * <p>Counting uses a fixed window opened by the first failure; {@code maxFailures} within it start
 * a block of {@code blockDuration}. Memory is bounded by {@code maxTrackedSources}: entries are
 * kept in order of their last failure, idle ones (window over, not blocked) are dropped from the
 * head as they are met, and when the table is full the least recently failed source is forgotten.
 *
 * <p>Synchronized: the critical sections are a map lookup and an update.
 */
final class FailureThrottle {

  private static final class Source {
    long windowStart;
    int failures;
    long blockedUntil = Long.MIN_VALUE;
  }

  private final int maxFailures;
  private final long windowMillis;
  private final long blockMillis;
  private final int maxSources;
  // Insertion order, re-inserted on each failure: the head failed least recently.
  private final LinkedHashMap<InetAddress, Source> sources = new LinkedHashMap<>();

  FailureThrottle(AuthConfig config) {
    this.maxFailures = config.maxFailures();
    this.windowMillis = config.failureWindow().toMillis();
    this.blockMillis = config.blockDuration().toMillis();
    this.maxSources = config.maxTrackedSources();
  }

  /** Whether requests from {@code source} are refused now. */
  synchronized boolean isBlocked(InetAddress source, long nowMillis) {
    Source s = sources.get(keyOf(source));
    return s != null && nowMillis < s.blockedUntil;
  }

  /** Counts one failure; true when it is the one that starts a block. */
  synchronized boolean recordFailure(InetAddress address, long nowMillis) {
    InetAddress source = keyOf(address);
    purgeIdle(nowMillis);
    Source s = sources.remove(source);
    if (s == null) {
      s = new Source();
      s.windowStart = nowMillis;
    }
    sources.put(source, s);
    if (nowMillis < s.blockedUntil) {
      return false; // already blocked; the caller should not have got this far
    }
    if (nowMillis - s.windowStart >= windowMillis) {
      s.windowStart = nowMillis;
      s.failures = 0;
    }
    s.failures++;
    boolean blocks = s.failures >= maxFailures;
    if (blocks) {
      s.blockedUntil = nowMillis + blockMillis;
      s.failures = 0;
    }
    while (sources.size() > maxSources) {
      Iterator<InetAddress> it = sources.keySet().iterator();
      it.next();
      it.remove();
    }
    return blocks;
  }

  synchronized int size() {
    return sources.size();
  }

  private void purgeIdle(long nowMillis) {
    Iterator<Map.Entry<InetAddress, Source>> it = sources.entrySet().iterator();
    while (it.hasNext()) {
      Source s = it.next().getValue();
      if (nowMillis - s.windowStart < windowMillis || nowMillis < s.blockedUntil) {
        return;
      }
      it.remove();
    }
  }

  /**
   * What failures are counted against: the IPv4 address, or the /64 an IPv6 address is in, since
   * one host commonly holds a whole /64 and could otherwise rotate through it to dodge the block
   * and push other sources out of the bounded table.
   */
  static InetAddress keyOf(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return address;
    }
    java.util.Arrays.fill(b, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(b);
    } catch (java.net.UnknownHostException impossible) {
      return address;
    }
  }
}
