package io.sipher.server.auth;

import io.sipher.message.auth.DigestAlgorithm;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * How the digest authenticator challenges and what it tolerates. Each limit below is enforced, and
 * what happens when it is reached is stated.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>when reached</th></tr>
 *   <tr><td>{@code nonceLifetime}</td><td>5 min</td><td>credentials built on an older nonce (but
 *       one we issued) get a new challenge with {@code stale=true} (RFC 7616 §3.3), so the phone
 *       retries without asking its user</td></tr>
 *   <tr><td>{@code maxTrackedNonces}</td><td>100,000</td><td>the nonce whose first use is oldest
 *       is forgotten; every nonce issued no later than it that is not tracked any more is then
 *       answered as stale, so forgetting never reopens a replay</td></tr>
 *   <tr><td>{@code maxFailures} within {@code failureWindow}</td><td>10 in 60 s</td><td>the
 *       source address is answered 403 for {@code blockDuration}, whatever it sends; one warning
 *       is logged (at most one such line a second overall)</td></tr>
 *   <tr><td>{@code blockDuration}</td><td>5 min</td><td>the source is served again</td></tr>
 *   <tr><td>{@code maxTrackedSources}</td><td>10,000</td><td>the source whose last failure is
 *       oldest is forgotten, blocked or not (sources whose window has passed go first)</td></tr>
 * </table>
 *
 * @param algorithms the algorithms offered, one challenge each, in this order: clients take the
 *     first they support (RFC 8760 §2.4), so MD5 belongs last
 * @param nonceLifetime how long a nonce is accepted after it was issued
 * @param sendOpaque whether challenges carry an {@code opaque} value (RFC 7616 §3.3). It is keyed
 *     to the realm, so it costs no state and survives {@code nextnonce}; credentials that return an
 *     opaque must return ours, credentials without one are accepted.
 * @param checkDigestUri whether the {@code uri} of the credentials must name the Request-URI (RFC
 *     7616 §3.4.6); RFC 3261 §22.4 allows a server to waive this when proxies before it retarget
 *     requests. Off, only its presence is checked.
 * @param maxFailures failed authentications from one source address that start a block
 * @param failureWindow the window in which {@code maxFailures} are counted
 * @param blockDuration how long a blocked source is answered 403
 * @param maxTrackedSources source addresses with failures remembered at once
 * @param maxTrackedNonces nonces with a nonce-count remembered at once
 */
public record AuthConfig(
    List<DigestAlgorithm> algorithms,
    Duration nonceLifetime,
    boolean sendOpaque,
    boolean checkDigestUri,
    int maxFailures,
    Duration failureWindow,
    Duration blockDuration,
    int maxTrackedSources,
    int maxTrackedNonces) {

  /** SHA-256, SHA-512-256 and MD5 in that order; the other values as in the table above. */
  public static final AuthConfig DEFAULTS =
      new AuthConfig(
          List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_512_256, DigestAlgorithm.MD5),
          Duration.ofMinutes(5),
          true,
          true,
          10,
          Duration.ofSeconds(60),
          Duration.ofMinutes(5),
          10_000,
          100_000);

  public AuthConfig {
    algorithms = List.copyOf(algorithms);
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one digest algorithm must be offered");
    }
    if (EnumSet.copyOf(algorithms).size() != algorithms.size()) {
      throw new IllegalArgumentException("an algorithm is listed twice: " + algorithms);
    }
    requirePositive(Objects.requireNonNull(nonceLifetime, "nonceLifetime"), "nonceLifetime");
    requirePositive(Objects.requireNonNull(failureWindow, "failureWindow"), "failureWindow");
    requirePositive(Objects.requireNonNull(blockDuration, "blockDuration"), "blockDuration");
    if (maxFailures < 1 || maxTrackedSources < 1 || maxTrackedNonces < 1) {
      throw new IllegalArgumentException("failure and tracking limits must be positive");
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  public AuthConfig withAlgorithms(List<DigestAlgorithm> v) {
    return new AuthConfig(
        v,
        nonceLifetime,
        sendOpaque,
        checkDigestUri,
        maxFailures,
        failureWindow,
        blockDuration,
        maxTrackedSources,
        maxTrackedNonces);
  }

  public AuthConfig withNonceLifetime(Duration v) {
    return new AuthConfig(
        algorithms,
        v,
        sendOpaque,
        checkDigestUri,
        maxFailures,
        failureWindow,
        blockDuration,
        maxTrackedSources,
        maxTrackedNonces);
  }

  public AuthConfig withSendOpaque(boolean v) {
    return new AuthConfig(
        algorithms,
        nonceLifetime,
        v,
        checkDigestUri,
        maxFailures,
        failureWindow,
        blockDuration,
        maxTrackedSources,
        maxTrackedNonces);
  }

  public AuthConfig withCheckDigestUri(boolean v) {
    return new AuthConfig(
        algorithms,
        nonceLifetime,
        sendOpaque,
        v,
        maxFailures,
        failureWindow,
        blockDuration,
        maxTrackedSources,
        maxTrackedNonces);
  }

  /** {@code failures} within {@code window} block a source for {@code block}. */
  public AuthConfig withThrottle(int failures, Duration window, Duration block) {
    return new AuthConfig(
        algorithms,
        nonceLifetime,
        sendOpaque,
        checkDigestUri,
        failures,
        window,
        block,
        maxTrackedSources,
        maxTrackedNonces);
  }

  public AuthConfig withTrackingLimits(int sources, int nonces) {
    return new AuthConfig(
        algorithms,
        nonceLifetime,
        sendOpaque,
        checkDigestUri,
        maxFailures,
        failureWindow,
        blockDuration,
        sources,
        nonces);
  }
}
