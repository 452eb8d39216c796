package io.sipher.cli.config;

import io.sipher.cli.config.ServerSettings.Domain;
import io.sipher.cli.config.ServerSettings.Listener;
import io.sipher.server.TlsPolicy;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.Transport;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code sipher serve} that were given on the command line, laid over the settings
 * from the file (or the embedded defaults). A null field, or a transport missing from {@code
 * ports}, means the option was not given and the file's value stands: the command line wins only
 * where the user actually typed something.
 *
 * <ul>
 *   <li>{@code --data}: the data folder.
 *   <li>{@code --domain}: the name of the first (primary) domain; its policy and certificate stay.
 *   <li>{@code --tls-policy}: the policy of every domain.
 *   <li>{@code --bind}: the address of every listener.
 *   <li>{@code --udp-port} and the other port options: -1 removes every listener of that transport;
 *       a port sets the port of every listener of that transport, or adds one (on the {@code
 *       --bind} address, else {@code ::}) when the file has none.
 *   <li>{@code --client-auth}: the mode of every TLS and WSS listener.
 * </ul>
 *
 * @param data {@code --data}
 * @param domain {@code --domain}
 * @param bind {@code --bind}, an address already resolved
 * @param ports {@code --udp-port}, {@code --tcp-port} ... by transport
 * @param tlsPolicy {@code --tls-policy}
 * @param clientAuth {@code --client-auth}
 */
public record CommandLineOverrides(
    Path data,
    String domain,
    InetAddress bind,
    Map<Transport, Integer> ports,
    TlsPolicy tlsPolicy,
    ClientAuth clientAuth) {

  /** Nothing given: the settings stay as they are. */
  public static final CommandLineOverrides NONE =
      new CommandLineOverrides(null, null, null, Map.of(), null, null);

  public CommandLineOverrides {
    ports = ports == null ? Map.of() : Map.copyOf(ports);
  }

  /** {@code settings} with the options given laid over it, checked again as a whole. */
  public ServerSettings applyTo(ServerSettings settings) {
    ServerSettings s = settings;
    if (data != null) {
      s = s.withData(data);
    }
    if (domain != null || tlsPolicy != null) {
      List<Domain> domains = new ArrayList<>(s.domains());
      if (domain != null) {
        String name = domain.toLowerCase(java.util.Locale.ROOT);
        if (domains.isEmpty()) {
          domains.add(Domain.named(name));
        } else {
          domains.set(0, domains.get(0).withName(name));
        }
      }
      if (tlsPolicy != null) {
        domains.replaceAll(d -> d.withTlsPolicy(tlsPolicy));
      }
      s = s.withDomains(domains);
    }
    s = s.withListeners(listeners(s.listeners()));
    // Label the problem with the command line: a file that passed its own check can only fail
    // here because of an option (say --tls-port 5060 beside a TCP listener on 5060).
    SettingsCheck.check(s, "the command line with the configuration", key -> 0);
    return s;
  }

  private List<Listener> listeners(List<Listener> from) {
    for (Map.Entry<Transport, Integer> e : ports.entrySet()) {
      int p = e.getValue();
      if (p < -1 || p > 65535) {
        throw new ConfigException(
            null,
            "--" + e.getKey().uriParameter() + "-port",
            0,
            p + " is not a port (0-65535; 0 picks a free one; -1 disables)");
      }
    }
    List<Listener> out = new ArrayList<>();
    Map<Transport, Boolean> seen = new EnumMap<>(Transport.class);
    for (Listener l : from) {
      Integer port = ports.get(l.transport());
      if (port != null && port == -1) {
        continue;
      }
      Listener changed = l;
      if (port != null) {
        changed = changed.withPort(port);
      }
      if (bind != null) {
        changed = changed.withAddress(bind);
      }
      if (clientAuth != null && l.transport().secure()) {
        changed = changed.withClientAuth(clientAuth);
      }
      seen.put(l.transport(), true);
      out.add(changed);
    }
    InetAddress where = bind != null ? bind : Listener.DEFAULTS.get(0).address();
    for (Transport t : Transport.values()) {
      Integer port = ports.get(t);
      if (port != null && port >= 0 && !seen.containsKey(t)) {
        Listener added = Listener.of(t, where, port);
        out.add(clientAuth != null && t.secure() ? added.withClientAuth(clientAuth) : added);
      }
    }
    return out;
  }
}
