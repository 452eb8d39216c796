package io.sipher.stack.transaction;

import java.time.Duration;

/**
 * The timer values and limits of the transaction layer. The timers derive from the base values of
 * RFC 3261 §17.1.1.1 (Table 4).
 *
 * <table>
 *   <caption>Timers and their values</caption>
 *   <tr><th>value</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code t1}</td><td>500 ms</td><td>RTT estimate: first retransmission interval
 *       (Timers A, E, G); 64×T1 is the transaction timeout (Timers B, F, H, J, L, M, and the wait
 *       for a final response after a CANCEL, §9.1)</td></tr>
 *   <tr><td>{@code t2}</td><td>4 s</td><td>the cap on the retransmission interval of non-INVITE
 *       requests and INVITE final responses (Timers E, G)</td></tr>
 *   <tr><td>{@code t4}</td><td>5 s</td><td>how long a message may stay in the network: the linger
 *       time of Timers I and K on unreliable transports</td></tr>
 * </table>
 *
 * <p>Timer D (how long an INVITE client absorbs response retransmissions) is fixed at 32 s on
 * unreliable transports, the minimum Table 4 gives, and 0 on reliable ones.
 *
 * <table>
 *   <caption>Limits, their defaults, and what happens when one is reached</caption>
 *   <tr><th>limit</th><th>default</th><th>when reached</th></tr>
 *   <tr><td>{@code finalResponseTimeout}</td><td>64×T1 (32 s)</td><td>a non-INVITE server
 *       transaction whose TU has sent no final response by then terminates without sending
 *       anything and reports {@link TransactionUser#onTimeout}. The client gave up at the same
 *       time (its Timer F), so a late answer would reach no one (RFC 4321 §1.4, which is why RFC
 *       4320 forbids a 408 to a non-INVITE request). INVITE server
 *       transactions have no such timer: a call may ring for minutes (§13.3.1.1), so the TU must
 *       answer every INVITE itself, and {@code maxTransactions} bounds what a TU that fails to
 *       can leak.</td></tr>
 *   <tr><td>{@code maxTransactions}</td><td>100,000</td><td>the table holds at most this many
 *       live transactions, client and server together, including those lingering in Completed,
 *       Confirmed and Accepted. A new request other than ACK is then answered at once with 503
 *       (Service Unavailable) and a Retry-After of {@link #OVERLOAD_RETRY_AFTER} (§21.5.4), with
 *       no transaction and without reaching the TU; the layer logs this at most once a second.
 *       {@link TransactionLayer#sendRequest} throws {@link TransactionLimitException}, which the
 *       TU turns into a 503 of its own. Retransmissions, responses and ACKs still match the
 *       transactions in the table.</td></tr>
 * </table>
 *
 * <p>Sizing {@code maxTransactions}: over UDP every non-INVITE transaction lingers 64×T1 in
 * Completed (Timer J) and every rejected INVITE 32 s (Timer D) or T4 (Timer I), so the table holds
 * about the request rate times 32 s: 100,000 fits some 3,000 requests a second. A transaction costs
 * its request (typically one or two kilobytes) plus a few small objects.
 *
 * @param t1 the round-trip time estimate
 * @param t2 the maximum retransmit interval for non-INVITE requests and INVITE responses
 * @param t4 the maximum time a message remains in the network
 * @param finalResponseTimeout how long a non-INVITE server transaction waits for the TU's final
 *     response
 * @param maxTransactions the most transactions the layer's table holds
 */
public record TransactionConfig(
    Duration t1, Duration t2, Duration t4, Duration finalResponseTimeout, int maxTransactions) {

  /** The default of {@code maxTransactions}. */
  public static final int DEFAULT_MAX_TRANSACTIONS = 100_000;

  /** RFC 3261 defaults: T1 500 ms, T2 4 s, T4 5 s; and the default limits. */
  public static final TransactionConfig DEFAULTS =
      new TransactionConfig(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5));

  /** Timer D on unreliable transports (RFC 3261 Table 4: "&gt; 32s for UDP"). */
  public static final Duration TIMER_D = Duration.ofSeconds(32);

  /** The Retry-After of the 503 sent when the table is full (RFC 3261 §21.5.4, §20.33). */
  public static final Duration OVERLOAD_RETRY_AFTER = Duration.ofSeconds(5);

  public TransactionConfig {
    requirePositive("t1", t1);
    requirePositive("t2", t2);
    requirePositive("t4", t4);
    requirePositive("finalResponseTimeout", finalResponseTimeout);
    if (t2.compareTo(t1) < 0) {
      throw new IllegalArgumentException("t2 must not be shorter than t1: " + t2 + " < " + t1);
    }
    if (maxTransactions < 1) {
      throw new IllegalArgumentException("maxTransactions must be positive: " + maxTransactions);
    }
  }

  /**
   * The timers alone, with the default limits: {@code finalResponseTimeout} 64×{@code t1}, {@code
   * maxTransactions} {@value #DEFAULT_MAX_TRANSACTIONS}. Kept from before the limits existed.
   */
  public TransactionConfig(Duration t1, Duration t2, Duration t4) {
    this(t1, t2, t4, t1 == null ? null : t1.multipliedBy(64), DEFAULT_MAX_TRANSACTIONS);
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

  /** This config with another {@code finalResponseTimeout}. */
  public TransactionConfig withFinalResponseTimeout(Duration finalResponseTimeout) {
    return new TransactionConfig(t1, t2, t4, finalResponseTimeout, maxTransactions);
  }

  /** This config with another {@code maxTransactions}. */
  public TransactionConfig withMaxTransactions(int maxTransactions) {
    return new TransactionConfig(t1, t2, t4, finalResponseTimeout, maxTransactions);
  }
}
