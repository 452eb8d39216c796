package io.sipher.cli.config;

import io.sipher.cli.config.ServerSettings.Auth;
import io.sipher.cli.config.ServerSettings.Domain;
import io.sipher.cli.config.ServerSettings.Limits;
import io.sipher.cli.config.ServerSettings.Listener;
import io.sipher.cli.config.ServerSettings.Proxy;
import io.sipher.cli.config.ServerSettings.Registrar;
import io.sipher.cli.config.ServerSettings.Tls;
import io.sipher.cli.config.ServerSettings.Transactions;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.server.TlsPolicy;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.TlsEngine;
import io.sipher.stack.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads the YAML configuration file into {@link ServerSettings}.
 *
 * <p>The file is composed into YAML nodes, not loaded into Java objects: nodes carry their line,
 * which every message names, and composing constructs nothing, so no tag in the file can make us
 * instantiate a class. The walk below then accepts exactly the keys it knows, each with one type;
 * anything else is an error naming the full key path and line. A key left out, or left empty, takes
 * its default. Checks across keys follow in {@link SettingsCheck}.
 *
 * <p>Relative paths in the file are taken from the working directory, as the command-line options
 * are, so {@code data: sipher-data} means what {@code --data sipher-data} means.
 */
public final class ConfigLoader {
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]{1,10}");
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private static final List<String> TOP =
      List.of(
          "data",
          "domains",
          "listeners",
          "limits",
          "transactions",
          "registrar",
          "auth",
          "trusted-peers",
          "tls",
          "proxy");
  private static final List<String> DOMAIN = List.of("name", "tls-policy", "certificate", "key");
  private static final List<String> LISTENER =
      List.of("transport", "address", "port", "client-auth", "ws-path");
  private static final List<String> LIMITS =
      List.of(
          "max-connections",
          "max-connections-per-address",
          "idle-timeout",
          "handshake-timeout",
          "udp-flow-idle",
          "max-udp-flows",
          "max-message-bytes");
  private static final List<String> TRANSACTIONS = List.of("t1", "t2", "t4", "max-transactions");
  private static final List<String> REGISTRAR =
      List.of("default-expires", "min-expires", "max-expires");
  private static final List<String> AUTH =
      List.of("algorithms", "nonce-lifetime", "max-failures", "failure-window", "block-duration");
  private static final List<String> TLS = List.of("key-log-file", "engine", "trust-anchors");
  private static final List<String> PROXY = List.of("record-route", "relay", "timer-c");

  /** The file's name as the user gave it, for messages. */
  private final String source;

  /** The line of every key path read, for the checks across keys. */
  private final Map<String, Integer> lines = new HashMap<>();

  private ConfigLoader(String source) {
    this.source = source;
  }

  /** Reads and checks {@code file}; the message of a {@link ConfigException} names it. */
  public static ServerSettings load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file.toString(), null, 0, "no such file");
    } catch (CharacterCodingException e) {
      throw new ConfigException(file.toString(), null, 0, "not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), null, 0, "cannot be read: " + e);
    }
    return parse(text, file.toString());
  }

  /** Reads and checks YAML text; {@code source} names it in messages. */
  public static ServerSettings parse(String yaml, String source) {
    ConfigLoader loader = new ConfigLoader(source);
    ServerSettings settings = loader.read(loader.compose(yaml));
    SettingsCheck.check(settings, source, key -> loader.lines.getOrDefault(key, 0));
    return settings;
  }

  private Optional<Node> compose(String yaml) {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(source)
            .setSchema(new CoreSchema())
            // Aliases are legal YAML but a configuration has no use for many; this bounds
            // "billion laughs" expansion.
            .setMaxAliasesForCollections(20)
            .setCodePointLimit(1024 * 1024)
            .build();
    try {
      return new Compose(settings).composeString(yaml);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      // An unclosed bracket is only noticed where the text ends; where it opened helps more.
      String context =
          e.getContext() == null
              ? ""
              : e.getContextMark()
                  .map(m -> " (" + e.getContext() + " started on line " + (m.getLine() + 1) + ")")
                  .orElse(" (" + e.getContext() + ")");
      throw new ConfigException(source, null, line, "not valid YAML: " + e.getProblem() + context);
    } catch (YamlEngineException e) {
      throw new ConfigException(source, null, 0, "not valid YAML: " + e.getMessage());
    }
  }

  private ServerSettings read(Optional<Node> root) {
    // An empty file is an empty mapping: all defaults, which the checks then find lack a domain.
    Section top =
        root.isEmpty() || isNull(root.get())
            ? new Section(this, "", Map.of())
            : section("(top level)", "", root.get(), TOP);
    return new ServerSettings(
        top.path("data", ServerSettings.DEFAULT_DATA),
        top.list("domains", List.of(), this::domain),
        top.list("listeners", Listener.DEFAULTS, this::listener),
        limits(top.section("limits", LIMITS)),
        transactions(top.section("transactions", TRANSACTIONS)),
        registrar(top.section("registrar", REGISTRAR)),
        auth(top.section("auth", AUTH)),
        top.list("trusted-peers", List.of(), item -> address(item.path, item.node)),
        tls(top.section("tls", TLS)),
        proxy(top.section("proxy", PROXY)));
  }

  private Domain domain(Item item) {
    Section s = section(item.path, item.path + ".", item.node, DOMAIN);
    String name =
        s.text("name", null)
            .map(n -> n.toLowerCase(Locale.ROOT))
            .orElseThrow(() -> fail(item.path + ".name", item.node, "every domain needs a name"));
    return new Domain(
        name,
        s.choice("tls-policy", TlsPolicy.TLS_ONLY, policies()),
        s.path("certificate", null),
        s.path("key", null));
  }

  private Listener listener(Item item) {
    Section s = section(item.path, item.path + ".", item.node, LISTENER);
    Transport t = s.choice("transport", null, transports());
    if (t == null) {
      throw fail(
          item.path + ".transport",
          item.node,
          "every listener needs a transport: udp, tcp, tls, ws or wss");
    }
    // Keys that mean nothing for this transport are refused rather than silently ignored, so a
    // client-auth meant for the tls listener cannot sit unnoticed under tcp.
    if (!t.secure()) {
      s.refuse("client-auth", "only tls and wss listeners ask for client certificates");
    }
    if (t != Transport.WS && t != Transport.WSS) {
      s.refuse("ws-path", "only ws and wss listeners have a path");
    }
    return new Listener(
        t,
        s.value("address", null, this::address).orElse(Listener.DEFAULTS.get(0).address()),
        s.integer("port", Listener.defaultPort(t)),
        s.choice("client-auth", ClientAuth.NONE, clientAuths()),
        s.text("ws-path", "/").orElseThrow());
  }

  private static Limits limits(Section s) {
    Limits d = Limits.DEFAULTS;
    return new Limits(
        s.integer("max-connections", d.maxConnections()),
        s.integer("max-connections-per-address", d.maxConnectionsPerAddress()),
        s.duration("idle-timeout", d.idleTimeout()),
        s.duration("handshake-timeout", d.handshakeTimeout()),
        s.duration("udp-flow-idle", d.udpFlowIdle()),
        s.integer("max-udp-flows", d.maxUdpFlows()),
        s.integer("max-message-bytes", d.maxMessageBytes()));
  }

  private static Transactions transactions(Section s) {
    Transactions d = Transactions.DEFAULTS;
    return new Transactions(
        s.duration("t1", d.t1()),
        s.duration("t2", d.t2()),
        s.duration("t4", d.t4()),
        s.integer("max-transactions", d.maxTransactions()));
  }

  private static Registrar registrar(Section s) {
    Registrar d = Registrar.DEFAULTS;
    return new Registrar(
        s.duration("default-expires", d.defaultExpires()),
        s.duration("min-expires", d.minExpires()),
        s.duration("max-expires", d.maxExpires()));
  }

  private Auth auth(Section s) {
    Auth d = Auth.DEFAULTS;
    return new Auth(
        s.list("algorithms", d.algorithms(), this::algorithm),
        s.duration("nonce-lifetime", d.nonceLifetime()),
        s.integer("max-failures", d.maxFailures()),
        s.duration("failure-window", d.failureWindow()),
        s.duration("block-duration", d.blockDuration()));
  }

  private DigestAlgorithm algorithm(Item item) {
    String token = text(item.path, item.node);
    // fromToken maps a missing token to MD5; here a token is always present.
    return DigestAlgorithm.fromToken(token)
        .orElseThrow(
            () ->
                fail(
                    item.path,
                    item.node,
                    quote(token) + " is not a digest algorithm: SHA-256, SHA-512-256 or MD5"));
  }

  private Tls tls(Section s) {
    return new Tls(
        s.path("key-log-file", Tls.DEFAULTS.keyLogFile()),
        s.choice("engine", Tls.DEFAULTS.engine(), engines()),
        s.list("trust-anchors", Tls.DEFAULTS.trustAnchors(), item -> path(item.path, item.node)));
  }

  private static Proxy proxy(Section s) {
    Proxy d = Proxy.DEFAULTS;
    return new Proxy(
        s.bool("record-route", d.recordRoute()),
        s.bool("relay", d.relay()),
        s.duration("timer-c", d.timerC()));
  }

  // ---- scalar types ----------------------------------------------------------------------

  private String text(String path, Node node) {
    ScalarNode s = scalar(path, node, "text");
    if (!s.getTag().equals(Tag.STR)) {
      throw fail(
          path,
          node,
          "expected text, not " + describe(node) + " (quote it: \"" + s.getValue() + "\")");
    }
    return s.getValue();
  }

  private int integer(String path, Node node) {
    ScalarNode s = scalar(path, node, "a whole number");
    if (!s.getTag().equals(Tag.INT) || !INTEGER.matcher(s.getValue()).matches()) {
      throw fail(path, node, "expected a whole number, not " + describe(node));
    }
    long v = Long.parseLong(s.getValue());
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw fail(path, node, s.getValue() + " is too large");
    }
    return (int) v;
  }

  /**
   * YAML's true or false (also True, TRUE); yes, no, on and off are text in YAML 1.2, so refused.
   */
  private boolean bool(String path, Node node) {
    ScalarNode s = scalar(path, node, "true or false");
    if (!s.getTag().equals(Tag.BOOL)) {
      throw fail(path, node, "expected true or false, not " + describe(node));
    }
    return Boolean.parseBoolean(s.getValue());
  }

  private Duration duration(String path, Node node) {
    ScalarNode s = scalar(path, node, "a duration like 30s or 10m");
    return Durations.parse(s.getValue())
        .orElseThrow(
            () ->
                fail(
                    path,
                    node,
                    quote(s.getValue())
                        + " is not a duration like 30s or 10m (a whole number and one of"
                        + " ms, s, m, h, d)"));
  }

  private Path path(String path, Node node) {
    String t = text(path, node);
    try {
      return Path.of(t);
    } catch (InvalidPathException e) {
      throw fail(path, node, quote(t) + " is not a file name: " + e.getReason());
    }
  }

  /** An IP literal; host names are refused so that reading the file never waits on DNS. */
  private InetAddress address(String path, Node node) {
    String t = text(path, node);
    return ipLiteral(t)
        .orElseThrow(
            () ->
                fail(
                    path,
                    node,
                    quote(t) + " is not an IP address like 192.0.2.1, :: or 2001:db8::1"));
  }

  static Optional<InetAddress> ipLiteral(String t) {
    String bare = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
    if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
      return Optional.empty();
    }
    try {
      // Only literals reach here, and InetAddress parses literals without any lookup.
      return Optional.of(InetAddress.getByName(bare));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private <E> E choice(String path, Node node, Map<String, E> choices) {
    String t = text(path, node);
    E e = choices.get(t.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw fail(path, node, quote(t) + " is not one of " + String.join(", ", choices.keySet()));
    }
    return e;
  }

  private ScalarNode scalar(String path, Node node, String expected) {
    if (node instanceof ScalarNode s) {
      return s;
    }
    throw fail(path, node, "expected " + expected + ", not " + describe(node));
  }

  // ---- structure ---------------------------------------------------------------------------

  /** A list element or map value with the path that names it. */
  private record Item(String path, Node node) {}

  private Section section(String path, String prefix, Node node, List<String> known) {
    if (!(node instanceof MappingNode m)) {
      throw fail(path, node, "expected keys and values (key: value), not " + describe(node));
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      String where = prefix.isEmpty() ? "(top level)" : prefix.substring(0, prefix.length() - 1);
      if (!(k instanceof ScalarNode ks) || !ks.getTag().equals(Tag.STR)) {
        throw fail(where, k, describe(k) + " cannot be a key here");
      }
      String key = ks.getValue();
      if (!known.contains(key)) {
        throw fail(prefix + key, k, "unknown key" + suggestion(key, known));
      }
      NodeTuple first = entries.putIfAbsent(key, t);
      if (first != null) {
        throw fail(prefix + key, k, "given twice (first on line " + line(first.getKeyNode()) + ")");
      }
      lines.put(prefix + key, line(t.getValueNode()));
    }
    return new Section(this, prefix, entries);
  }

  /** A mapping's entries, read by key with a default for each. */
  private static final class Section {
    private final ConfigLoader loader;
    private final String prefix;
    private final Map<String, NodeTuple> entries;

    Section(ConfigLoader loader, String prefix, Map<String, NodeTuple> entries) {
      this.loader = loader;
      this.prefix = prefix;
      this.entries = entries;
    }

    /** The value of {@code key} converted, or {@code dflt} when the key is absent or empty. */
    <T> Optional<T> value(String key, T dflt, PathConverter<T> convert) {
      NodeTuple t = entries.get(key);
      if (t == null || isNull(t.getValueNode())) {
        return Optional.ofNullable(dflt);
      }
      return Optional.of(convert.convert(prefix + key, t.getValueNode()));
    }

    Optional<String> text(String key, String dflt) {
      return value(key, dflt, loader()::text);
    }

    int integer(String key, int dflt) {
      return value(key, dflt, loader()::integer).orElseThrow();
    }

    boolean bool(String key, boolean dflt) {
      return value(key, dflt, loader()::bool).orElseThrow();
    }

    Duration duration(String key, Duration dflt) {
      return value(key, dflt, loader()::duration).orElseThrow();
    }

    Path path(String key, Path dflt) {
      return value(key, dflt, loader()::path).orElse(null);
    }

    /** The enum value named, {@code dflt} (possibly null) when absent. */
    <E> E choice(String key, E dflt, Map<String, E> choices) {
      return value(key, dflt, (p, n) -> loader().choice(p, n, choices)).orElse(null);
    }

    <T> List<T> list(String key, List<T> dflt, Function<Item, T> element) {
      NodeTuple t = entries.get(key);
      if (t == null || isNull(t.getValueNode())) {
        return dflt;
      }
      Node n = t.getValueNode();
      if (!(n instanceof SequenceNode seq)) {
        throw loader()
            .fail(
                prefix + key,
                n,
                "expected a list (one \"- item\" a line, or [a, b]), not " + describe(n));
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < seq.getValue().size(); i++) {
        String p = prefix + key + "[" + i + "]";
        Node e = seq.getValue().get(i);
        loader().lines.put(p, line(e));
        out.add(element.apply(new Item(p, e)));
      }
      return List.copyOf(out);
    }

    /** The nested mapping under {@code key}; an empty one when absent, so defaults apply. */
    Section section(String key, List<String> known) {
      NodeTuple t = entries.get(key);
      if (t == null || isNull(t.getValueNode())) {
        return new Section(loader, prefix + key + ".", Map.of());
      }
      return loader().section(prefix + key, prefix + key + ".", t.getValueNode(), known);
    }

    void refuse(String key, String why) {
      NodeTuple t = entries.get(key);
      if (t != null) {
        throw loader().fail(prefix + key, t.getKeyNode(), why);
      }
    }

    private ConfigLoader loader() {
      return loader;
    }
  }

  @FunctionalInterface
  private interface PathConverter<T> {
    T convert(String path, Node node);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private ConfigException fail(String path, Node node, String problem) {
    return new ConfigException(source, path, line(node), problem);
  }

  private static int line(Node n) {
    return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
  }

  private static boolean isNull(Node n) {
    return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  private static String describe(Node n) {
    if (n instanceof MappingNode) {
      return "keys and values";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    ScalarNode s = (ScalarNode) n;
    if (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT)) {
      return "the number " + s.getValue();
    }
    if (s.getTag().equals(Tag.BOOL)) {
      return "the truth value " + s.getValue();
    }
    if (s.getTag().equals(Tag.NULL)) {
      return "nothing";
    }
    return quote(s.getValue());
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** "; did you mean idle-timeout?" when a known key is one or two edits away. */
  private static String suggestion(String key, List<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String k : known) {
      int d = distance(key, k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null
        ? "; did you mean " + best + "?"
        : " (known here: " + String.join(", ", known) + ")";
  }

  /** Levenshtein distance; the keys are short, so the quadratic table is fine. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  // The names the file uses for enum values: lower case, with hyphens where Java has underscores.

  static Map<String, TlsPolicy> policies() {
    return names(TlsPolicy.values());
  }

  static Map<String, Transport> transports() {
    return names(Transport.values());
  }

  static Map<String, ClientAuth> clientAuths() {
    return names(ClientAuth.values());
  }

  static Map<String, TlsEngine> engines() {
    return names(TlsEngine.values());
  }

  /** The file's name of an enum value: {@code TLS_ONLY} is {@code tls-only}. */
  static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static <E extends Enum<E>> Map<String, E> names(E[] values) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) {
      m.put(name(e), e);
    }
    return m;
  }
}
