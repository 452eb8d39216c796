package io.sipher.server;

import io.sipher.server.auth.AuthConfig;
import io.sipher.server.proxy.ProxyConfig;
import io.sipher.server.registrar.RegistrarConfig;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the server core needs to decide about a request.
 *
 * @param domains the SIP domains this server is responsible for (lower case), each with its TLS
 *     policy; the domain is also the digest realm
 * @param auth digest settings
 * @param registrar registration lifetimes
 * @param trustedPeers addresses whose requests are not challenged (a trunk, a media server)
 * @param proxy how requests for our users and for other domains are forwarded
 */
public record ServerConfig(
    Map<String, TlsPolicy> domains,
    AuthConfig auth,
    RegistrarConfig registrar,
    Set<InetAddress> trustedPeers,
    ProxyConfig proxy) {

  public ServerConfig {
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("at least one domain is needed");
    }
    domains =
        domains.entrySet().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    trustedPeers = Set.copyOf(trustedPeers);
    proxy = proxy == null ? ProxyConfig.DEFAULTS : proxy;
  }

  /** As above, with the default proxy settings. */
  public ServerConfig(
      Map<String, TlsPolicy> domains,
      AuthConfig auth,
      RegistrarConfig registrar,
      Set<InetAddress> trustedPeers) {
    this(domains, auth, registrar, trustedPeers, ProxyConfig.DEFAULTS);
  }

  /** One domain with the default policy ({@code tls-only}) and default settings. */
  public static ServerConfig forDomain(String domain) {
    return new ServerConfig(
        Map.of(domain, TlsPolicy.TLS_ONLY),
        AuthConfig.DEFAULTS,
        RegistrarConfig.DEFAULTS,
        Set.of());
  }

  public ServerConfig withPolicy(String domain, TlsPolicy policy) {
    Map<String, TlsPolicy> m = new java.util.HashMap<>(domains);
    m.put(domain.toLowerCase(Locale.ROOT), policy);
    return new ServerConfig(m, auth, registrar, trustedPeers, proxy);
  }

  public ServerConfig withTrustedPeers(Set<InetAddress> peers) {
    return new ServerConfig(domains, auth, registrar, peers, proxy);
  }

  public ServerConfig withProxy(ProxyConfig proxy) {
    return new ServerConfig(domains, auth, registrar, trustedPeers, proxy);
  }

  /** The policy of {@code host} when it is one of our domains. */
  public Optional<TlsPolicy> policy(String host) {
    return Optional.ofNullable(domains.get(host.toLowerCase(Locale.ROOT)));
  }
}
