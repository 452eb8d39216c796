package io.sipher.stack.dns;

import io.sipher.message.syntax.SipParseException;
import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.SipUri;
import io.sipher.stack.dns.ServerLocationException.Reason;
import io.sipher.stack.dns.ServerLocatorConfig.StaticTarget;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Turns a SIP or SIPS URI into the ordered list of places to send a request to, following RFC 3263
 * §4: transport selection (§4.1), port and address (§4.2) and the RFC 2782 ordering that failover
 * walks (§4.3).
 *
 * <p>The steps, for the URI's target (its {@code maddr} parameter if present, else its host):
 *
 * <ol>
 *   <li>An IP address is used as is, with the URI's port or the transport's default port.
 *   <li>A name in the configured static target table yields those targets; a name in the static
 *       host table yields its addresses; in both cases DNS is never asked (labs without DNS).
 *   <li>The transport is the {@code transport} parameter when present; else, when the URI gives a
 *       port, UDP for {@code sip:} and TLS for {@code sips:}; else the best NAPTR records the
 *       client supports; else the transports whose SRV records exist ({@code _sips._tcp}, {@code
 *       _sip._tcp}, {@code _sip._udp}, in that order); else UDP for {@code sip:} and TLS for {@code
 *       sips:}.
 *   <li>With an explicit port only A/AAAA records are used. Otherwise the SRV records of the chosen
 *       transport are ordered as RFC 2782 says and each target's addresses listed in turn; without
 *       SRV records the name's own addresses at the transport's default port are used.
 * </ol>
 *
 * <p>A {@code sips:} URI never yields a target whose transport is not TLS-protected (RFC 3261
 * §26.2, RFC 3263 §4.1). Every TLS target carries the domain its certificate must match: the URI's
 * host as written, never a name or address that DNS supplied (RFC 5922 §4).
 *
 * <p>The result is the complete failover list, deduplicated, best first. The caller tries the next
 * entry when a request to the current one fails with a transport error, a timeout without any
 * response, or a 503 (RFC 3263 §4.3); {@link Failover} does that bookkeeping.
 *
 * <p>Nothing blocks: DNS queries are sent with dnsjava's asynchronous API, answers are cached for
 * their TTL (see {@link ServerLocatorConfig}), and results are handed over on an executor. This
 * class is thread-safe.
 */
public final class ServerLocator {
  private static final Logger log = LoggerFactory.getLogger(ServerLocator.class);

  private final ServerLocatorConfig config;
  private final Executor executor;
  private final RandomGenerator random;
  private final DnsCache cache;

  /**
   * A locator with the system clock and randomness.
   *
   * @param executor where DNS answers are processed and results delivered; it must not be one whose
   *     threads may block waiting for a result of this locator
   */
  public ServerLocator(ServerLocatorConfig config, Executor executor) {
    this(config, executor, InstantSource.system(), null);
  }

  /**
   * A locator with an explicit clock (cache expiry) and random source (RFC 2782 weighted
   * selection), so that tests can run on virtual time and reproduce an order.
   *
   * @param random a thread-safe generator such as {@link java.util.Random}, or null for {@link
   *     ThreadLocalRandom}
   */
  public ServerLocator(
      ServerLocatorConfig config, Executor executor, InstantSource clock, RandomGenerator random) {
    this(config, executor, clock, random, resolverFor(config));
  }

  ServerLocator(
      ServerLocatorConfig config,
      Executor executor,
      InstantSource clock,
      RandomGenerator random,
      Resolver resolver) {
    this.config = Objects.requireNonNull(config, "config");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.random = random;
    this.cache =
        new DnsCache(
            resolver,
            executor,
            Objects.requireNonNull(clock, "clock"),
            config.negativeTtl(),
            config.maxTtl(),
            config.maxCacheEntries());
  }

  private static Resolver resolverFor(ServerLocatorConfig config) {
    ExtendedResolver resolver;
    if (config.dnsServers().isEmpty()) {
      // Reads resolv.conf (or the platform's equivalent) once, here, not on a lookup path.
      resolver = new ExtendedResolver();
    } else {
      List<Resolver> servers = new ArrayList<>();
      for (InetSocketAddress server : config.dnsServers()) {
        servers.add(new SimpleResolver(server));
      }
      resolver = new ExtendedResolver(servers);
    }
    resolver.setTimeout(config.queryTimeout());
    resolver.setRetries(config.retries());
    return resolver;
  }

  public ServerLocatorConfig config() {
    return config;
  }

  /** Forgets every cached DNS answer. */
  public void clearCache() {
    cache.clear();
  }

  DnsCache cache() {
    return cache;
  }

  /**
   * Locates the servers for {@code uri}; the result is delivered on the locator's executor.
   *
   * @see #locate(SipUri, Executor)
   */
  public CompletionStage<List<Destination>> locate(SipUri uri) {
    return locate(uri, executor);
  }

  /**
   * Locates the servers for {@code uri} and completes on {@code resultExecutor} (a Netty event loop
   * can pass itself to resume a request where it started).
   *
   * @return the targets, best first; empty when DNS says there is nothing to contact. Completes
   *     exceptionally with {@link ServerLocationException} when the URI cannot be served with the
   *     enabled transports, or when DNS failed and nothing was found.
   */
  public CompletionStage<List<Destination>> locate(SipUri uri, Executor resultExecutor) {
    CompletableFuture<List<Destination>> result = new CompletableFuture<>();
    CompletableFuture<List<Destination>> work;
    Lookup lookup = new Lookup(uri);
    try {
      work = start(uri, lookup).thenApply(lookup::finish);
    } catch (ServerLocationException | RuntimeException e) {
      // Whatever goes wrong, the caller gets a completed stage, never an exception from here.
      work = CompletableFuture.failedFuture(e);
    }
    work.whenComplete(
        (targets, error) -> {
          Runnable deliver =
              () -> {
                if (error != null) {
                  result.completeExceptionally(unwrap(error));
                } else {
                  result.complete(targets);
                }
              };
          try {
            resultExecutor.execute(deliver);
          } catch (RuntimeException rejected) {
            // A shut-down executor must not leave the caller waiting forever.
            deliver.run();
          }
        });
    return result;
  }

  /** Per-call state: the identity to verify and the first DNS failure seen. */
  private final class Lookup {
    final boolean sips;
    final String tlsDomain;
    volatile Throwable dnsError;

    Lookup(SipUri uri) {
      this.sips = uri.isSecure();
      // RFC 5922 §4: the identity is the URI's domain before any DNS step; an IP host has none.
      this.tlsDomain =
          uri.hostPort().kind() == HostPort.Kind.HOSTNAME
              ? ServerLocatorConfig.hostKey(uri.host())
              : null;
    }

    /** The records, or none when the query failed (the failure is remembered). */
    CompletableFuture<List<Record>> records(Name name, int type) {
      return cache
          .query(name, type)
          .handle(
              (answer, error) -> {
                if (error != null) {
                  Throwable cause = unwrap(error);
                  log.debug("DNS {}/{} failed: {}", name, Type.string(type), cause.getMessage());
                  if (dnsError == null) {
                    dnsError = cause;
                  }
                  return List.of();
                }
                return answer.records();
              });
    }

    Destination target(Transport transport, InetAddress address, int port) {
      return new Destination(
          transport, new InetSocketAddress(address, port), transport.secure() ? tlsDomain : null);
    }

    List<Destination> finish(List<Destination> found) {
      Set<Destination> unique = new LinkedHashSet<>(found);
      // Belt and braces for RFC 3261 §26.2: whatever the records said, sips stays on TLS.
      unique.removeIf(t -> sips && !t.transport().secure());
      if (unique.isEmpty() && dnsError != null) {
        throw new CompletionException(
            new ServerLocationException(
                Reason.DNS_FAILURE, "DNS lookup failed: " + dnsError.getMessage(), dnsError));
      }
      return List.copyOf(unique);
    }
  }

  private CompletableFuture<List<Destination>> start(SipUri uri, Lookup lookup)
      throws ServerLocationException {
    boolean sips = uri.isSecure();
    // RFC 3263 §4: "If the URI contains an maddr parameter, TARGET is the maddr", else the host.
    HostPort target = uri.hostPort();
    String maddr = uri.maddr();
    if (maddr != null) {
      try {
        target = HostPort.of(maddr);
      } catch (SipParseException e) {
        throw unusable("bad maddr parameter '" + maddr + "'");
      }
    }
    Transport explicit = explicitTransport(uri);
    int port = uri.port();

    // §4.1/§4.2: a numeric IP needs no DNS; transport from the parameter or the scheme.
    if (target.kind() != HostPort.Kind.HOSTNAME) {
      Transport t = explicit != null ? explicit : defaultTransport(sips);
      InetAddress address;
      try {
        address = Address.getByAddress(target.address());
      } catch (UnknownHostException e) {
        throw unusable("bad IP address '" + target.host() + "'");
      }
      return done(List.of(lookup.target(t, address, port >= 0 ? port : t.defaultPort())));
    }

    String host = ServerLocatorConfig.hostKey(target.host());
    List<StaticTarget> fixed = config.staticTargets().get(host);
    if (fixed != null) {
      return done(staticTargets(fixed, explicit, port, lookup));
    }
    if (config.staticHosts().containsKey(host)) {
      // A name the table knows is resolved from the table only: asking DNS for its NAPTR or SRV
      // records would, in a lab without DNS, cost a timeout per request for nothing.
      Transport t = explicit != null ? explicit : defaultTransport(sips);
      return addresses(lookup, host, t, port >= 0 ? port : t.defaultPort());
    }
    Name name = toName(host);

    if (explicit != null) {
      // §4.2: an explicit port skips SRV; otherwise SRV for the given transport, then A/AAAA.
      return port >= 0
          ? addresses(lookup, host, explicit, port)
          : srvOrAddresses(lookup, name, explicit);
    }
    if (port >= 0) {
      // §4.1: "if no transport protocol is specified, but the TARGET ... has a port, UDP for sip
      // and TCP (TLS) for sips"; §4.2: then only A/AAAA records are looked up.
      return addresses(lookup, host, defaultTransport(sips), port);
    }
    return viaNaptr(lookup, name);
  }

  /**
   * The URI's {@code transport} parameter as the transport to use; for {@code sips:} the TLS form
   * of it ({@code tcp} means TLS over TCP, RFC 3261 §19.1.2 and RFC 5630 §3.1.3).
   */
  private Transport explicitTransport(SipUri uri) throws ServerLocationException {
    String param = uri.transport();
    if (param == null) {
      return null;
    }
    Transport t = Transport.fromName(param).orElse(null);
    if (t == null) {
      throw unusable("transport '" + param + "' is not supported");
    }
    if (uri.isSecure()) {
      t =
          switch (t) {
            case TCP, TLS -> Transport.TLS;
            case WS, WSS -> Transport.WSS;
            case UDP -> throw unusable("a sips: URI cannot use transport=udp");
          };
    }
    if (!config.transports().contains(t)) {
      throw unusable("transport " + t + " is not enabled");
    }
    return t;
  }

  /** §4.1: UDP for {@code sip:} and TLS (over TCP) for {@code sips:} when nothing else says. */
  private Transport defaultTransport(boolean sips) throws ServerLocationException {
    Set<Transport> enabled = config.transports();
    if (sips) {
      if (!enabled.contains(Transport.TLS)) {
        throw unusable("a sips: URI needs TLS, which is not enabled");
      }
      return Transport.TLS;
    }
    // UDP is the RFC's default; a client without UDP uses a stream transport on the same ports.
    for (Transport t : List.of(Transport.UDP, Transport.TCP, Transport.TLS)) {
      if (enabled.contains(t)) {
        return t;
      }
    }
    throw unusable("no transport enabled for sip: URIs");
  }

  private List<Destination> staticTargets(
      List<StaticTarget> fixed, Transport explicit, int port, Lookup lookup) {
    List<Destination> out = new ArrayList<>();
    for (StaticTarget s : fixed) {
      if (explicit != null && s.transport() != explicit) {
        continue;
      }
      int p = port >= 0 ? port : s.address().getPort();
      out.add(lookup.target(s.transport(), s.address().getAddress(), p));
    }
    return out;
  }

  // ---- §4.1: NAPTR, then SRV probing ----

  /** A NAPTR record that passed the §4.1 filters. */
  private record NaptrChoice(int order, int preference, Transport transport, Name srvName) {}

  private CompletableFuture<List<Destination>> viaNaptr(Lookup lookup, Name name) {
    return lookup
        .records(name, Type.NAPTR)
        .thenCompose(
            records -> {
              List<NaptrChoice> choices = selectNaptr(records, lookup.sips);
              CompletableFuture<List<Destination>> found =
                  choices.isEmpty() ? done(List.of()) : naptrTargets(lookup, name, choices);
              // §4.1: "If no NAPTR records are found, the client constructs SRV queries". We also
              // go on when the NAPTR records lead nowhere, rather than give up on a reachable host.
              return found.thenCompose(
                  list -> list.isEmpty() ? probeSrv(lookup, name) : done(list));
            });
  }

  /**
   * The NAPTR records RFC 3263 §4.1 lets us use, best first: flag "S" (the replacement is an SRV
   * name) with an empty regexp; a service field naming a transport we have; for {@code sips:} only
   * SIPS services ("MUST discard any services that do not contain SIPS"), while a {@code sip:} URI
   * may also take SIPS services. Sorted by order then preference, and only the records of the best
   * order remain, as the NAPTR ORDER field requires (RFC 3403 §4.1).
   */
  private List<NaptrChoice> selectNaptr(List<Record> records, boolean sips) {
    List<NaptrChoice> choices = new ArrayList<>();
    for (Record r : records) {
      if (!(r instanceof NAPTRRecord naptr)) {
        continue;
      }
      if (!"s".equalsIgnoreCase(naptr.getFlags()) || !naptr.getRegexp().isEmpty()) {
        continue;
      }
      String service = naptr.getService().toUpperCase(Locale.ROOT);
      if (sips && !service.startsWith("SIPS+")) {
        continue;
      }
      Transport t = naptrTransport(service);
      if (t == null || !config.transports().contains(t)) {
        continue;
      }
      choices.add(
          new NaptrChoice(naptr.getOrder(), naptr.getPreference(), t, naptr.getReplacement()));
    }
    choices.sort(
        Comparator.comparingInt(NaptrChoice::order).thenComparingInt(NaptrChoice::preference));
    if (!choices.isEmpty()) {
      int best = choices.get(0).order();
      choices.removeIf(c -> c.order() != best);
    }
    return choices;
  }

  /**
   * Service field to transport: RFC 3263 §4.1 ({@code D2U}, {@code D2T}) and RFC 7118 §5 ({@code
   * D2W}); the {@code SIPS} forms run over TLS. SCTP ({@code D2S}) is not supported.
   */
  static Transport naptrTransport(String service) {
    return switch (service.toUpperCase(Locale.ROOT)) {
      case "SIP+D2U" -> Transport.UDP;
      case "SIP+D2T" -> Transport.TCP;
      case "SIPS+D2T" -> Transport.TLS;
      case "SIP+D2W" -> Transport.WS;
      case "SIPS+D2W" -> Transport.WSS;
      default -> null;
    };
  }

  private CompletableFuture<List<Destination>> naptrTargets(
      Lookup lookup, Name domain, List<NaptrChoice> choices) {
    List<CompletableFuture<List<Destination>>> parts = new ArrayList<>();
    for (NaptrChoice c : choices) {
      // §4.2: SRV query on the NAPTR replacement; without SRV records, the domain's own A/AAAA
      // records at the transport's default port.
      parts.add(
          srvTargets(lookup, c.srvName(), c.transport())
              .thenCompose(
                  srv ->
                      srv.isPresent()
                          ? done(srv.get())
                          : addresses(
                              lookup,
                              domain.toString(),
                              c.transport(),
                              c.transport().defaultPort())));
    }
    return concat(parts);
  }

  /**
   * §4.1 without NAPTR records: query the SRV names of every transport we have and use those that
   * exist. The queries go out together (one round trip); secure transports are listed first so that
   * a domain publishing {@code _sips._tcp} is reached over TLS. Without any SRV record, the
   * domain's addresses with the scheme's default transport and port (§4.1, §4.2).
   */
  private CompletableFuture<List<Destination>> probeSrv(Lookup lookup, Name name) {
    List<Transport> order =
        lookup.sips ? List.of(Transport.TLS) : List.of(Transport.TLS, Transport.TCP, Transport.UDP);
    List<CompletableFuture<Optional<List<Destination>>>> parts = new ArrayList<>();
    for (Transport t : order) {
      if (config.transports().contains(t)) {
        parts.add(srvTargets(lookup, srvName(t, name), t));
      }
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenCompose(
            ignored -> {
              boolean anySrv = false;
              List<Destination> out = new ArrayList<>();
              for (CompletableFuture<Optional<List<Destination>>> part : parts) {
                Optional<List<Destination>> srv = part.join();
                if (srv.isPresent()) {
                  anySrv = true;
                  out.addAll(srv.get());
                }
              }
              if (anySrv) {
                return done(out);
              }
              Transport t;
              try {
                t = defaultTransport(lookup.sips);
              } catch (ServerLocationException e) {
                return CompletableFuture.failedFuture(e);
              }
              return addresses(lookup, name.toString(), t, t.defaultPort());
            });
  }

  // ---- §4.2: SRV, then A/AAAA ----

  /** §4.2 with a known transport and no port: its SRV records, else the name's addresses. */
  private CompletableFuture<List<Destination>> srvOrAddresses(
      Lookup lookup, Name name, Transport transport) {
    Name srv = srvName(transport, name);
    if (srv == null) {
      return addresses(lookup, name.toString(), transport, transport.defaultPort());
    }
    return srvTargets(lookup, srv, transport)
        .thenCompose(
            found ->
                found.isPresent()
                    ? done(found.get())
                    : addresses(lookup, name.toString(), transport, transport.defaultPort()));
  }

  /**
   * The SRV owner name for a transport (RFC 3263 §4.2, RFC 2782): {@code _sips._tcp} for TLS,
   * {@code _sip._tcp} for TCP, {@code _sip._udp} for UDP. WebSocket has no SRV convention (RFC 7118
   * reaches WS servers through NAPTR replacements or URIs), so null.
   */
  static Name srvName(Transport transport, Name domain) {
    String prefix =
        switch (transport) {
          case TLS -> "_sips._tcp";
          case TCP -> "_sip._tcp";
          case UDP -> "_sip._udp";
          case WS, WSS -> null;
        };
    if (prefix == null) {
      return null;
    }
    try {
      return Name.concatenate(Name.fromString(prefix), domain);
    } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
      return null;
    }
  }

  /**
   * The targets behind an SRV name in RFC 2782 order (§4.3), or empty when the name has no SRV
   * records (the caller then falls back to A/AAAA). A lone record with target "." means the service
   * is "decidedly not available" (RFC 2782): present, but no targets.
   */
  private CompletableFuture<Optional<List<Destination>>> srvTargets(
      Lookup lookup, Name srvName, Transport transport) {
    return lookup
        .records(srvName, Type.SRV)
        .thenCompose(
            records -> {
              List<SrvOrder.Srv> srvs = new ArrayList<>();
              for (Record r : records) {
                if (r instanceof SRVRecord srv && !srv.getTarget().equals(Name.root)) {
                  srvs.add(
                      new SrvOrder.Srv(
                          srv.getPriority(),
                          srv.getWeight(),
                          srv.getPort(),
                          srv.getTarget().toString()));
                }
              }
              if (records.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
              }
              List<CompletableFuture<List<Destination>>> parts = new ArrayList<>();
              // The A/AAAA queries for all SRV targets go out at once; the order is kept.
              for (SrvOrder.Srv s : SrvOrder.order(srvs, random())) {
                parts.add(addresses(lookup, s.target(), transport, s.port()));
              }
              return concat(parts).thenApply(Optional::of);
            });
  }

  /**
   * §4.2: the A and AAAA records of {@code host} (or its static host entry), each address a target
   * on {@code port}, ordered by the configured {@link AddressPreference}.
   */
  private CompletableFuture<List<Destination>> addresses(
      Lookup lookup, String host, Transport transport, int port) {
    AddressPreference pref = config.addressPreference();
    List<InetAddress> fixed = config.staticHosts().get(ServerLocatorConfig.hostKey(host));
    if (fixed != null) {
      List<InetAddress> v4 = new ArrayList<>();
      List<InetAddress> v6 = new ArrayList<>();
      for (InetAddress a : fixed) {
        (a.getAddress().length == 4 ? v4 : v6).add(a);
      }
      return done(toTargets(lookup, transport, port, v4, v6));
    }
    Name name;
    try {
      name = toName(host);
    } catch (ServerLocationException e) {
      return done(List.of());
    }
    CompletableFuture<List<Record>> a =
        pref.wantsIpv4() ? lookup.records(name, Type.A) : done(List.of());
    CompletableFuture<List<Record>> aaaa =
        pref.wantsIpv6() ? lookup.records(name, Type.AAAA) : done(List.of());
    return a.thenCombine(
        aaaa,
        (v4records, v6records) ->
            toTargets(lookup, transport, port, addressesOf(v4records), addressesOf(v6records)));
  }

  private List<Destination> toTargets(
      Lookup lookup, Transport transport, int port, List<InetAddress> v4, List<InetAddress> v6) {
    AddressPreference pref = config.addressPreference();
    List<InetAddress> ordered = new ArrayList<>();
    if (pref == AddressPreference.IPV6_FIRST || pref == AddressPreference.IPV6_ONLY) {
      ordered.addAll(v6);
      if (pref.wantsIpv4()) {
        ordered.addAll(v4);
      }
    } else {
      ordered.addAll(v4);
      if (pref.wantsIpv6()) {
        ordered.addAll(v6);
      }
    }
    List<Destination> out = new ArrayList<>(ordered.size());
    for (InetAddress address : ordered) {
      out.add(lookup.target(transport, address, port));
    }
    return out;
  }

  private static List<InetAddress> addressesOf(List<Record> records) {
    List<InetAddress> out = new ArrayList<>(records.size());
    for (Record r : records) {
      if (r instanceof ARecord a) {
        out.add(a.getAddress());
      } else if (r instanceof AAAARecord aaaa) {
        out.add(aaaa.getAddress());
      }
    }
    return out;
  }

  // ---- helpers ----

  private RandomGenerator random() {
    return random != null ? random : ThreadLocalRandom.current();
  }

  private static Name toName(String host) throws ServerLocationException {
    try {
      return Name.fromString(host, Name.root);
    } catch (TextParseException e) {
      throw unusable("not a DNS name: '" + host + "'");
    }
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  /** Waits for all parts and joins their lists in the parts' order. */
  private static CompletableFuture<List<Destination>> concat(
      List<CompletableFuture<List<Destination>>> parts) {
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
        .thenApply(
            ignored -> {
              List<Destination> out = new ArrayList<>();
              for (CompletableFuture<List<Destination>> part : parts) {
                out.addAll(part.join());
              }
              return out;
            });
  }

  private static ServerLocationException unusable(String message) {
    return new ServerLocationException(Reason.UNUSABLE_URI, message, null);
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
