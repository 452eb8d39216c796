package io.sipher.stack.dns;

import io.sipher.stack.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link ServerLocator}. Immutable; build one with {@link #builder()}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code dnsServers}</td><td>empty: the system's resolver configuration</td>
 *       <td>recursive DNS servers to ask, tried in turn on timeout</td></tr>
 *   <tr><td>{@code queryTimeout}</td><td>2 s</td><td>wait for one answer from one server</td></tr>
 *   <tr><td>{@code retries}</td><td>2</td><td>attempts per server before a query fails</td></tr>
 *   <tr><td>{@code transports}</td><td>UDP, TCP, TLS</td>
 *       <td>transports this client can use; NAPTR and SRV choices outside it are ignored
 *       (RFC 3263 §4.1)</td></tr>
 *   <tr><td>{@code addressPreference}</td><td>{@link AddressPreference#IPV4_FIRST}</td>
 *       <td>A/AAAA families to use and which comes first</td></tr>
 *   <tr><td>{@code negativeTtl}</td><td>60 s</td>
 *       <td>longest time a "no such name / no such record" answer is cached (RFC 2308 §5 lets the
 *       SOA shorten it, never lengthen it)</td></tr>
 *   <tr><td>{@code maxTtl}</td><td>1 h</td><td>longest time any positive answer is cached, whatever
 *       its TTL says</td></tr>
 *   <tr><td>{@code maxCacheEntries}</td><td>10 000</td>
 *       <td>cached (name, type) answers kept; beyond it expired then arbitrary entries go</td></tr>
 *   <tr><td>{@code staticTargets}</td><td>none</td>
 *       <td>host name &rarr; fixed targets, replacing all DNS steps for that host</td></tr>
 *   <tr><td>{@code staticHosts}</td><td>none</td>
 *       <td>host name &rarr; addresses, used instead of A/AAAA queries (like a hosts file)</td></tr>
 * </table>
 *
 * <p>Host names in the static tables compare without case and without a trailing dot.
 *
 * @param dnsServers recursive servers, or empty for the system's
 * @param queryTimeout per-server wait for an answer
 * @param retries attempts per server
 * @param transports the transports the client supports
 * @param addressPreference which address families to use, in which order
 * @param negativeTtl upper bound on caching negative answers
 * @param maxTtl upper bound on caching positive answers
 * @param maxCacheEntries cache size bound
 * @param staticTargets fixed targets per host name
 * @param staticHosts fixed addresses per host name
 */
public record ServerLocatorConfig(
    List<InetSocketAddress> dnsServers,
    Duration queryTimeout,
    int retries,
    Set<Transport> transports,
    AddressPreference addressPreference,
    Duration negativeTtl,
    Duration maxTtl,
    int maxCacheEntries,
    Map<String, List<StaticTarget>> staticTargets,
    Map<String, List<InetAddress>> staticHosts) {

  /**
   * A configured target for a host: used as is, with the URI's port replacing {@code address}'s
   * port when the URI names one.
   *
   * @param transport the transport to use
   * @param address a resolved address (an IP literal, never a name to look up)
   */
  public record StaticTarget(Transport transport, InetSocketAddress address) {
    public StaticTarget {
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(address, "address");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("static target must be an IP address: " + address);
      }
    }
  }

  public ServerLocatorConfig {
    dnsServers = List.copyOf(dnsServers);
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Objects.requireNonNull(addressPreference, "addressPreference");
    Objects.requireNonNull(negativeTtl, "negativeTtl");
    Objects.requireNonNull(maxTtl, "maxTtl");
    if (queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException("queryTimeout must be positive: " + queryTimeout);
    }
    if (retries < 1) {
      throw new IllegalArgumentException("retries must be at least 1: " + retries);
    }
    if (negativeTtl.isNegative() || maxTtl.isNegative()) {
      throw new IllegalArgumentException("cache TTL bounds must not be negative");
    }
    if (maxCacheEntries < 1) {
      throw new IllegalArgumentException("maxCacheEntries must be positive: " + maxCacheEntries);
    }
    if (transports.isEmpty()) {
      throw new IllegalArgumentException("at least one transport is needed");
    }
    transports = Set.copyOf(EnumSet.copyOf(transports));
    Map<String, List<StaticTarget>> targets = new LinkedHashMap<>();
    staticTargets.forEach((host, list) -> targets.put(hostKey(host), List.copyOf(list)));
    staticTargets = Map.copyOf(targets);
    Map<String, List<InetAddress>> hosts = new LinkedHashMap<>();
    staticHosts.forEach((host, list) -> hosts.put(hostKey(host), List.copyOf(list)));
    staticHosts = Map.copyOf(hosts);
  }

  /** The defaults of the table above. */
  public static ServerLocatorConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.dnsServers.addAll(dnsServers);
    b.queryTimeout = queryTimeout;
    b.retries = retries;
    b.transports = EnumSet.copyOf(transports);
    b.addressPreference = addressPreference;
    b.negativeTtl = negativeTtl;
    b.maxTtl = maxTtl;
    b.maxCacheEntries = maxCacheEntries;
    staticTargets.forEach((h, l) -> b.staticTargets.put(h, new ArrayList<>(l)));
    staticHosts.forEach((h, l) -> b.staticHosts.put(h, new ArrayList<>(l)));
    return b;
  }

  /** The form host names take as keys of the static tables. */
  static String hostKey(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  /** Builds a {@link ServerLocatorConfig}; every option starts at its documented default. */
  public static final class Builder {
    private final List<InetSocketAddress> dnsServers = new ArrayList<>();
    private Duration queryTimeout = Duration.ofSeconds(2);
    private int retries = 2;
    private Set<Transport> transports = EnumSet.of(Transport.UDP, Transport.TCP, Transport.TLS);
    private AddressPreference addressPreference = AddressPreference.IPV4_FIRST;
    private Duration negativeTtl = Duration.ofSeconds(60);
    private Duration maxTtl = Duration.ofHours(1);
    private int maxCacheEntries = 10_000;
    private final Map<String, List<StaticTarget>> staticTargets = new LinkedHashMap<>();
    private final Map<String, List<InetAddress>> staticHosts = new LinkedHashMap<>();

    private Builder() {}

    /** Replaces the DNS servers; an empty list means the system's resolver configuration. */
    public Builder dnsServers(List<InetSocketAddress> servers) {
      dnsServers.clear();
      dnsServers.addAll(servers);
      return this;
    }

    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = timeout;
      return this;
    }

    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    public Builder transports(Set<Transport> transports) {
      this.transports = EnumSet.copyOf(transports);
      return this;
    }

    public Builder addressPreference(AddressPreference preference) {
      this.addressPreference = preference;
      return this;
    }

    public Builder negativeTtl(Duration ttl) {
      this.negativeTtl = ttl;
      return this;
    }

    public Builder maxTtl(Duration ttl) {
      this.maxTtl = ttl;
      return this;
    }

    public Builder maxCacheEntries(int entries) {
      this.maxCacheEntries = entries;
      return this;
    }

    /** Adds a fixed target for {@code host}; targets are tried in the order they are added. */
    public Builder staticTarget(String host, Transport transport, InetSocketAddress address) {
      staticTargets
          .computeIfAbsent(hostKey(host), h -> new ArrayList<>())
          .add(new StaticTarget(transport, address));
      return this;
    }

    /** Adds fixed addresses for {@code host}, used instead of asking DNS for its A/AAAA records. */
    public Builder staticHost(String host, InetAddress... addresses) {
      staticHosts.computeIfAbsent(hostKey(host), h -> new ArrayList<>()).addAll(List.of(addresses));
      return this;
    }

    public ServerLocatorConfig build() {
      return new ServerLocatorConfig(
          dnsServers,
          queryTimeout,
          retries,
          transports,
          addressPreference,
          negativeTtl,
          maxTtl,
          maxCacheEntries,
          staticTargets,
          staticHosts);
    }
  }
}
