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
 *       wildcard address, or the Record-Route entry faces a TLS hop: RFC 5922 §7)</td></tr>
 *   <tr><td>{@code routeSecret}</td><td>null</td><td>32 or more bytes from which the key that
 *       signs our Record-Route URIs is derived; null: a random one per start (dialogs then do not
 *       survive a restart, and every node of a cluster needs the same secret)</td></tr>
 * </table>
 */
public record ProxyConfig(
    boolean recordRoute,
    Duration timerC,
    boolean relay,
    String recordRouteHost,
    byte[] routeSecret) {

  public static final ProxyConfig DEFAULTS =
      new ProxyConfig(true, Duration.ofMinutes(3).plusSeconds(1), false, null, null);

  public ProxyConfig {
    if (timerC == null || timerC.isNegative() || timerC.isZero()) {
      throw new IllegalArgumentException("timerC must be positive: " + timerC);
    }
    if (routeSecret != null && routeSecret.length < 32) {
      throw new IllegalArgumentException("routeSecret needs at least 32 bytes");
    }
    routeSecret = routeSecret == null ? null : routeSecret.clone();
  }

  /** As above, with a random route secret. */
  public ProxyConfig(boolean recordRoute, Duration timerC, boolean relay, String recordRouteHost) {
    this(recordRoute, timerC, relay, recordRouteHost, null);
  }

  @Override
  public byte[] routeSecret() {
    return routeSecret == null ? null : routeSecret.clone();
  }

  public ProxyConfig withRouteSecret(byte[] secret) {
    return new ProxyConfig(recordRoute, timerC, relay, recordRouteHost, secret);
  }

  public ProxyConfig withTimerC(Duration timerC) {
    return new ProxyConfig(recordRoute, timerC, relay, recordRouteHost, routeSecret);
  }

  public ProxyConfig withRelay(boolean relay) {
    return new ProxyConfig(recordRoute, timerC, relay, recordRouteHost, routeSecret);
  }

  public ProxyConfig withRecordRoute(boolean recordRoute) {
    return new ProxyConfig(recordRoute, timerC, relay, recordRouteHost, routeSecret);
  }
}
