package io.sipher.stack.transaction;

import java.time.Duration;

/**
 * The base timer values of the transaction layer (RFC 3261 §17.1.1.1, Table 4), from which every
 * transaction timer derives.
 *
 * <table>
 *   <caption>Timers and their values</caption>
 *   <tr><th>value</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code t1}</td><td>500 ms</td><td>RTT estimate: first retransmission interval
 *       (Timers A, E, G); 64×T1 is the transaction timeout (Timers B, F, H, J, L, M)</td></tr>
 *   <tr><td>{@code t2}</td><td>4 s</td><td>the cap on the retransmission interval of non-INVITE
 *       requests and INVITE final responses (Timers E, G)</td></tr>
 *   <tr><td>{@code t4}</td><td>5 s</td><td>how long a message may stay in the network: the linger
 *       time of Timers I and K on unreliable transports</td></tr>
 * </table>
 *
 * <p>Timer D (how long an INVITE client absorbs response retransmissions) is fixed at 32 s on
 * unreliable transports, the minimum Table 4 gives, and 0 on reliable ones.
 *
 * @param t1 the round-trip time estimate
 * @param t2 the maximum retransmit interval for non-INVITE requests and INVITE responses
 * @param t4 the maximum time a message remains in the network
 */
public record TransactionConfig(Duration t1, Duration t2, Duration t4) {
  /** RFC 3261 defaults: T1 500 ms, T2 4 s, T4 5 s. */
  public static final TransactionConfig DEFAULTS =
      new TransactionConfig(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));

  /** Timer D on unreliable transports (RFC 3261 Table 4: "&gt; 32s for UDP"). */
  public static final Duration TIMER_D = Duration.ofSeconds(32);

  public TransactionConfig {
    requirePositive("t1", t1);
    requirePositive("t2", t2);
    requirePositive("t4", t4);
    if (t2.compareTo(t1) < 0) {
      throw new IllegalArgumentException("t2 must not be shorter than t1: " + t2 + " < " + t1);
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** 64×T1: Timers B, F, H, J (unreliable), L and M. */
  public Duration timeout() {
    return t1.multipliedBy(64);
  }
}
