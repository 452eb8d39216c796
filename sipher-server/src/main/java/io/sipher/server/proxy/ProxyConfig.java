package io.sipher.server.proxy;

import java.time.Duration;

/**
 * How the proxy core (RFC 3261 §16) behaves.
 *
 * <table>
 *   <caption>Settings and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code recordRoute}</td><td>true</td><td>insert Record-Route in dialog-creating
 *       requests (§16.6 step 4), so that in-dialog requests come back through the proxy and over
 *       the phones' flows (RFC 5626 §5.3)</td></tr>
 *   <tr><td>{@code timerC}</td><td>3 minutes</td><td>how long an INVITE branch may go without a
 *       provisional response before it is cancelled or given up (§16.6 step 11: more than 3
 *       minutes)</td></tr>
 *   <tr><td>{@code relay}</td><td>false</td><td>forward requests for domains that are not ours
 *       (RFC 3263 location). Even when true, only requests authenticated as one of our users are
 *       relayed; when false every such request is refused with 403</td></tr>
 *   <tr><td>{@code recordRouteHost}</td><td>null</td><td>the host written in our Via and
 *       Record-Route; null: the local address of the flow (the first domain when that is a
 *       wildcard address)</td></tr>
 * </table>
 */
public record ProxyConfig(
    boolean recordRoute, Duration timerC, boolean relay, String recordRouteHost) {

  public static final ProxyConfig DEFAULTS =
      new ProxyConfig(true, Duration.ofMinutes(3).plusSeconds(1), false, null);

  public ProxyConfig {
    if (timerC == null || timerC.isNegative() || timerC.isZero()) {
      throw new IllegalArgumentException("timerC must be positive: " + timerC);
    }
  }

  public ProxyConfig withTimerC(Duration timerC) {
    return new ProxyConfig(recordRoute, timerC, relay, recordRouteHost);
  }

  public ProxyConfig withRelay(boolean relay) {
    return new ProxyConfig(recordRoute, timerC, relay, recordRouteHost);
  }

  public ProxyConfig withRecordRoute(boolean recordRoute) {
    return new ProxyConfig(recordRoute, timerC, relay, recordRouteHost);
  }
}
