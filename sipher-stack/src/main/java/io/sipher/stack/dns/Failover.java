package io.sipher.stack.dns;

import io.sipher.stack.transport.Destination;
import java.util.List;
import java.util.Optional;

/**
 * Walks a {@link ServerLocator} result for one request, as RFC 3263 §4.3 describes: start with the
 * first target and move to the next when the attempt failed, until the list is exhausted.
 *
 * <p>RFC 3263 §4.3 counts as failure a transport error (a refused connection, a failed TLS
 * handshake, an ICMP error), a client transaction that times out without any response (Timer B or
 * F, RFC 3261 §17.1), and a 503 (Service Unavailable) response; each retry is a new request with a
 * new Via branch. Any other response, including other 5xx, ends the search.
 *
 * <p>One instance per request; not thread-safe.
 */
public final class Failover {
  private final List<Destination> targets;
  private int index;

  public Failover(List<Destination> targets) {
    this.targets = List.copyOf(targets);
  }

  /** The target to use now, or empty once every target has failed. */
  public Optional<Destination> current() {
    return index < targets.size() ? Optional.of(targets.get(index)) : Optional.empty();
  }

  /** Records that the current target failed and returns the next one to try, if any. */
  public Optional<Destination> next() {
    if (index < targets.size()) {
      index++;
    }
    return current();
  }

  /** Targets not yet tried, the current one included. */
  public List<Destination> remaining() {
    return targets.subList(Math.min(index, targets.size()), targets.size());
  }

  /** Whether a final response with this status makes the client try the next target (§4.3). */
  public static boolean failsOverOn(int status) {
    return status == 503;
  }
}
