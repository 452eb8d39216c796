package io.sipher.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sipher.cli.config.ServerSettings.Domain;
import io.sipher.cli.config.ServerSettings.Listener;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.server.TlsPolicy;
import io.sipher.server.proxy.ProxyConfig;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsEngine;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("sipher.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private ServerSettings load(String yaml) throws IOException {
    return ConfigLoader.load(write(yaml));
  }

  /** The message of the error loading {@code yaml}, with the file name shortened to sipher.yaml. */
  private String error(String yaml) throws IOException {
    Path file = write(yaml);
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
    assertThat(e).as("an error for:\n" + yaml).isNotNull();
    assertThat(e.getMessage()).startsWith(file.toString());
    return "sipher.yaml" + e.getMessage().substring(file.toString().length());
  }

  @Nested
  class Defaults {
    @Test
    void minimalFile_takesEveryDefault() throws IOException {
      assertThat(load("domains: [{name: example.com}]"))
          .isEqualTo(ServerSettings.defaults("example.com"));
    }

    @Test
    void defaults_matchTheEmbeddedServer() {
      ServerSettings d = ServerSettings.defaults("example.com");
      assertThat(d.data()).isEqualTo(Path.of("sipher-data"));
      assertThat(d.listeners())
          .extracting(Listener::transport, Listener::port)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Transport.UDP, 5060),
              org.assertj.core.groups.Tuple.tuple(Transport.TCP, 5060),
              org.assertj.core.groups.Tuple.tuple(Transport.TLS, 5061),
              org.assertj.core.groups.Tuple.tuple(Transport.WS, 8080),
              org.assertj.core.groups.Tuple.tuple(Transport.WSS, 8443));
      assertThat(d.listeners())
          .allSatisfy(l -> assertThat(l.address().isAnyLocalAddress()).isTrue());
      assertThat(d.domains()).containsExactly(Domain.named("example.com"));
      assertThat(d.primaryDomain().tlsPolicy()).isEqualTo(TlsPolicy.TLS_ONLY);
    }

    @Test
    void defaults_produceTheStackRecordsDefaults() {
      ServerSettings d = ServerSettings.defaults("example.com");
      assertThat(d.transportConfig()).isEqualTo(TransportConfig.DEFAULTS);
      assertThat(d.transactionConfig())
          .isEqualTo(io.sipher.stack.transaction.TransactionConfig.DEFAULTS);
      assertThat(d.authConfig()).isEqualTo(io.sipher.server.auth.AuthConfig.DEFAULTS);
      assertThat(d.registrarConfig())
          .isEqualTo(io.sipher.server.registrar.RegistrarConfig.DEFAULTS);
      assertThat(d.serverConfig().domains()).isEqualTo(Map.of("example.com", TlsPolicy.TLS_ONLY));
      assertThat(d.serverConfig().proxy()).isEqualTo(ProxyConfig.DEFAULTS);
    }

    @Test
    void defaults_trustTheDevelopmentCaAndProxyAsTheServerDoes() {
      ServerSettings d = ServerSettings.defaults("example.com");
      assertThat(d.tls().trustAnchors()).isEmpty();
      assertThat(d.tls().trustsDevelopmentCa()).isTrue();
      assertThat(d.proxy().recordRoute()).isEqualTo(ProxyConfig.DEFAULTS.recordRoute());
      assertThat(d.proxy().relay()).isEqualTo(ProxyConfig.DEFAULTS.relay());
      assertThat(d.proxy().timerC()).isEqualTo(ProxyConfig.DEFAULTS.timerC());
    }

    @Test
    void emptyListOfTrustAnchors_isTheDefault() throws IOException {
      assertThat(load("domains: [{name: example.com}]\ntls:\n  trust-anchors: []\nproxy:\n"))
          .isEqualTo(ServerSettings.defaults("example.com"));
    }

    @Test
    void emptyValue_isTheSameAsAMissingKey() throws IOException {
      assertThat(load("domains: [{name: example.com}]\nlimits:\ntls:\n  engine:\n"))
          .isEqualTo(ServerSettings.defaults("example.com"));
    }

    @Test
    void listenerKeysLeftOut_takeTheTransportsDefaults() throws IOException {
      ServerSettings s =
          load(
              "domains: [{name: example.com}]\nlisteners:\n  - transport: tls\n  - transport: ws\n");
      assertThat(s.listeners())
          .containsExactly(
              Listener.of(Transport.TLS, InetAddress.getByName("::"), 5061),
              Listener.of(Transport.WS, InetAddress.getByName("::"), 8080));
    }
  }

  @Test
  void everyKeyGiven_isApplied() throws IOException {
    Path crt = Files.writeString(dir.resolve("a.crt"), "x");
    Path key = Files.writeString(dir.resolve("a.key"), "x");
    Path ca1 = Files.writeString(dir.resolve("ca1.crt"), "x");
    Path ca2 = Files.writeString(dir.resolve("ca2.crt"), "x");
    ServerSettings s =
        load(
            """
            data: /var/lib/sipher
            domains:
              - name: Example.COM
                tls-policy: best-effort
                certificate: %s
                key: %s
              - name: second.example
                tls-policy: "off"
            listeners:
              - transport: tls
                address: 192.0.2.1
                port: 5071
                client-auth: required
              - transport: wss
                address: "2001:db8::1"
                port: 0
                client-auth: optional
                ws-path: /sip
              - transport: udp
                address: "[::1]"
            limits:
              max-connections: 500
              max-connections-per-address: 8
              idle-timeout: 2m
              handshake-timeout: 3s
              udp-flow-idle: 90s
              max-udp-flows: 1000
              max-message-bytes: 16384
            transactions:
              t1: 250ms
              t2: 2s
              t4: 3s
              max-transactions: 5000
            registrar:
              default-expires: 600s
              min-expires: 30s
              max-expires: 2h
            auth:
              algorithms: [MD5, sha-256]
              nonce-lifetime: 1m
              max-failures: 3
              failure-window: 10s
              block-duration: 1h
            trusted-peers: [192.0.2.10, "2001:db8::10"]
            tls:
              engine: jdk
              key-log-file: /tmp/keys.log
              trust-anchors:
                - %s
                - %s
            proxy:
              record-route: false
              relay: true
              timer-c: 4m
            """
                .formatted(crt, key, ca1, ca2));

    assertThat(s.data()).isEqualTo(Path.of("/var/lib/sipher"));
    assertThat(s.domains())
        .containsExactly(
            new Domain("example.com", TlsPolicy.BEST_EFFORT, crt, key),
            new Domain("second.example", TlsPolicy.OFF, null, null));
    assertThat(s.listeners())
        .containsExactly(
            new Listener(
                Transport.TLS, InetAddress.getByName("192.0.2.1"), 5071, ClientAuth.REQUIRED, "/"),
            new Listener(
                Transport.WSS,
                InetAddress.getByName("2001:db8::1"),
                0,
                ClientAuth.OPTIONAL,
                "/sip"),
            Listener.of(Transport.UDP, InetAddress.getByName("::1"), 5060));

    TransportConfig t = s.transportConfig();
    assertThat(t.maxConnections()).isEqualTo(500);
    assertThat(t.maxConnectionsPerAddress()).isEqualTo(8);
    assertThat(t.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(t.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(t.udpFlowIdle()).isEqualTo(Duration.ofSeconds(90));
    assertThat(t.maxUdpFlows()).isEqualTo(1000);
    assertThat(t.parserLimits().maxMessageBytes()).isEqualTo(16384);
    assertThat(t.tlsEngine()).isEqualTo(TlsEngine.JDK);
    assertThat(t.keyLogFile()).isEqualTo(Path.of("/tmp/keys.log"));

    var tx = s.transactionConfig();
    assertThat(List.of(tx.t1(), tx.t2(), tx.t4()))
        .containsExactly(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertThat(tx.maxTransactions()).isEqualTo(5000);
    assertThat(tx.finalResponseTimeout()).isEqualTo(Duration.ofMillis(250 * 64));

    var reg = s.registrarConfig();
    assertThat(List.of(reg.defaultExpires(), reg.minExpires(), reg.maxExpires()))
        .containsExactly(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofHours(2));

    var auth = s.authConfig();
    assertThat(auth.algorithms()).containsExactly(DigestAlgorithm.MD5, DigestAlgorithm.SHA_256);
    assertThat(auth.nonceLifetime()).isEqualTo(Duration.ofMinutes(1));
    assertThat(auth.maxFailures()).isEqualTo(3);
    assertThat(auth.failureWindow()).isEqualTo(Duration.ofSeconds(10));
    assertThat(auth.blockDuration()).isEqualTo(Duration.ofHours(1));

    var server = s.serverConfig();
    assertThat(server.domains())
        .isEqualTo(Map.of("example.com", TlsPolicy.BEST_EFFORT, "second.example", TlsPolicy.OFF));
    assertThat(server.trustedPeers())
        .containsExactlyInAnyOrder(
            InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::10"));
    assertThat(server.proxy().recordRoute()).isFalse();
    assertThat(server.proxy().relay()).isTrue();
    assertThat(server.proxy().timerC()).isEqualTo(Duration.ofMinutes(4));
    assertThat(s.tls().trustAnchors()).containsExactly(ca1, ca2);
    assertThat(s.tls().trustsDevelopmentCa()).isFalse();
    assertThat(s.primaryDomain().certificateFile(s.data())).isEqualTo(crt);
    assertThat(s.domains().get(1).certificateFile(s.data()))
        .isEqualTo(Path.of("/var/lib/sipher/tls/server.crt"));
  }

  @Test
  void serverConfig_carriesTheProxySettings() throws IOException {
    ServerSettings s =
        load("domains: [{name: example.com}]\nproxy:\n  relay: TRUE\n  timer-c: 1h\n");

    ProxyConfig p = s.serverConfig().proxy();

    assertThat(p)
        .isEqualTo(ProxyConfig.DEFAULTS.withRelay(true).withTimerC(Duration.ofHours(1)))
        .isEqualTo(s.proxyConfig());
    assertThat(p.recordRoute()).isEqualTo(ProxyConfig.DEFAULTS.recordRoute());
    // The route secret is sipher serve's to derive from the data folder, not the file's.
    assertThat(p.routeSecret()).isNull();
    assertThat(p.recordRouteHost()).isNull();
    // Only the keys given change; the rest of the server's settings stay as without them.
    assertThat(s.serverConfig().withProxy(ProxyConfig.DEFAULTS))
        .isEqualTo(ServerSettings.defaults("example.com").serverConfig());
  }

  @Test
  void listenerConfigs_giveEachSecureListenerItsClientAuth() throws IOException {
    ServerSettings s =
        load(
            """
            domains: [{name: example.com}]
            listeners:
              - {transport: tcp, port: 0}
              - {transport: tls, port: 0, client-auth: required}
              - {transport: wss, port: 0, ws-path: /ws}
            """);
    TlsServerConfig tls = new TlsServerConfig(() -> null, Map.of(), ClientAuth.NONE);

    List<ListenerConfig> configs = s.listenerConfigs(tls);

    assertThat(configs.get(0).tls()).isNull();
    assertThat(configs.get(1).tls().clientAuth()).isEqualTo(ClientAuth.REQUIRED);
    assertThat(configs.get(2).tls().clientAuth()).isEqualTo(ClientAuth.NONE);
    assertThat(configs.get(2).webSocketPath()).isEqualTo("/ws");
  }

  @Nested
  class Errors {
    @Test
    void unknownKey_namesItsPathLineAndTheLikelyKey() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nlimits:\n  idle-timout: 5m\n"))
          .isEqualTo(
              "sipher.yaml: limits.idle-timout (line 3): unknown key; did you mean idle-timeout?");
    }

    @Test
    void unknownTopLevelKey_listsTheKnownOnes() throws IOException {
      assertThat(error("domains: [{name: example.com}]\npresence: {}\n"))
          .startsWith("sipher.yaml: presence (line 2): unknown key (known here: data, domains,");
    }

    @Test
    void unknownProxyAndTlsKeys_areNamed() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  timerc: 4m\n"))
          .isEqualTo("sipher.yaml: proxy.timerc (line 3): unknown key; did you mean timer-c?");
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  forward: true\n"))
          .isEqualTo(
              "sipher.yaml: proxy.forward (line 3): unknown key (known here: record-route, relay,"
                  + " timer-c)");
      assertThat(error("domains: [{name: example.com}]\ntls:\n  trust-anchor: [a.crt]\n"))
          .isEqualTo(
              "sipher.yaml: tls.trust-anchor (line 3): unknown key; did you mean trust-anchors?");
    }

    @Test
    void unknownKeyInAListItem_namesTheItem() throws IOException {
      assertThat(error("domains:\n  - name: a.example\n  - name: b.example\n    realm: b\n"))
          .startsWith("sipher.yaml: domains[1].realm (line 4): unknown key");
    }

    @Test
    void duplicateKey_isRefused() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nlimits:\n  idle-timeout: 1m\nlimits: {}\n"))
          .isEqualTo("sipher.yaml: limits (line 4): given twice (first on line 2)");
      assertThat(error("domains: [{name: example.com}]\ndata: a\ndata: b\n"))
          .isEqualTo("sipher.yaml: data (line 3): given twice (first on line 2)");
    }

    @Test
    void wrongType_textWhereANumberBelongs() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nlimits:\n  max-connections: lots\n"))
          .isEqualTo(
              "sipher.yaml: limits.max-connections (line 3): expected a whole number, not \"lots\"");
    }

    @Test
    void wrongType_aQuotedNumberIsText() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nlimits:\n  max-connections: \"10\"\n"))
          .isEqualTo(
              "sipher.yaml: limits.max-connections (line 3): expected a whole number, not \"10\"");
    }

    @Test
    void wrongType_scalarWhereASectionBelongs() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nlimits: 5\n"))
          .isEqualTo(
              "sipher.yaml: limits (line 2): expected keys and values (key: value), not the number"
                  + " 5");
    }

    @Test
    void wrongType_scalarWhereAListBelongs() throws IOException {
      assertThat(error("domains: example.com\n"))
          .isEqualTo(
              "sipher.yaml: domains (line 1): expected a list (one \"- item\" a line, or [a, b]),"
                  + " not \"example.com\"");
    }

    @Test
    void wrongType_numberWhereTextBelongs() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ndata: 42\n"))
          .isEqualTo(
              "sipher.yaml: data (line 2): expected text, not the number 42 (quote it: \"42\")");
    }

    @Test
    void wrongType_aListAtTheTop() throws IOException {
      assertThat(error("- a\n- b\n"))
          .isEqualTo(
              "sipher.yaml: (top level) (line 1): expected keys and values (key: value), not a list");
    }

    @Test
    void yamlTags_constructNothing() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ndata: !!java.io.File /etc\n"))
          .startsWith("sipher.yaml: data (line 2): expected text");
    }

    @Test
    void wrongType_proxySwitchesAreTrueOrFalse() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  relay: yes\n"))
          .isEqualTo("sipher.yaml: proxy.relay (line 3): expected true or false, not \"yes\"");
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  record-route: \"false\"\n"))
          .isEqualTo(
              "sipher.yaml: proxy.record-route (line 3): expected true or false, not \"false\"");
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  relay: 1\n"))
          .isEqualTo("sipher.yaml: proxy.relay (line 3): expected true or false, not the number 1");
      assertThat(error("domains: [{name: example.com}]\nproxy: [relay]\n"))
          .isEqualTo(
              "sipher.yaml: proxy (line 2): expected keys and values (key: value), not a list");
    }

    @Test
    void wrongType_trustAnchorsAreAListOfFileNames() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ntls:\n  trust-anchors: ca.crt\n"))
          .isEqualTo(
              "sipher.yaml: tls.trust-anchors (line 3): expected a list (one \"- item\" a line, or"
                  + " [a, b]), not \"ca.crt\"");
      assertThat(error("domains: [{name: example.com}]\ntls:\n  trust-anchors:\n    - 42\n"))
          .isEqualTo(
              "sipher.yaml: tls.trust-anchors[0] (line 4): expected text, not the number 42 (quote"
                  + " it: \"42\")");
    }

    @Test
    void badTimerC_saysWhatADurationLooksLike() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  timer-c: 200\n"))
          .startsWith(
              "sipher.yaml: proxy.timer-c (line 3): \"200\" is not a duration like 30s or 10m");
    }

    @Test
    void badDuration_saysWhatADurationLooksLike() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nlimits:\n  idle-timeout: ten minutes\n"))
          .isEqualTo(
              "sipher.yaml: limits.idle-timeout (line 3): \"ten minutes\" is not a duration like 30s"
                  + " or 10m (a whole number and one of ms, s, m, h, d)");
    }

    @Test
    void durationWithoutUnit_isRefused() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ntransactions:\n  t1: 500\n"))
          .startsWith("sipher.yaml: transactions.t1 (line 3): \"500\" is not a duration like 30s");
    }

    @Test
    void badPort_isOutOfRange() throws IOException {
      assertThat(
              error(
                  "domains: [{name: example.com}]\nlisteners:\n  - transport: tls\n"
                      + "  - transport: udp\n    port: 70000\n"))
          .isEqualTo(
              "sipher.yaml: listeners[1].port (line 5): 70000 is not a port (0-65535; 0 picks a"
                  + " free one)");
    }

    @Test
    void badEnum_listsTheChoices() throws IOException {
      assertThat(error("domains:\n  - name: example.com\n    tls-policy: strict\n"))
          .isEqualTo(
              "sipher.yaml: domains[0].tls-policy (line 3): \"strict\" is not one of tls-only,"
                  + " best-effort, off");
      assertThat(error("domains: [{name: example.com}]\nlisteners:\n  - transport: sctp\n"))
          .isEqualTo(
              "sipher.yaml: listeners[0].transport (line 3): \"sctp\" is not one of udp, tcp, tls,"
                  + " ws, wss");
    }

    @Test
    void badAlgorithm_isNamed() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nauth:\n  algorithms: [SHA-256, SHA-1]\n"))
          .isEqualTo(
              "sipher.yaml: auth.algorithms[1] (line 3): \"SHA-1\" is not a digest algorithm:"
                  + " SHA-256, SHA-512-256 or MD5");
    }

    @Test
    void badAddress_hostNamesAreNotLookedUp() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ntrusted-peers: [pbx.example.com]\n"))
          .startsWith("sipher.yaml: trusted-peers[0] (line 2): \"pbx.example.com\" is not an IP");
    }

    @Test
    void clientAuthOnAPlainListener_isRefused() throws IOException {
      assertThat(
              error(
                  "domains: [{name: example.com}]\nlisteners:\n  - transport: tls\n"
                      + "  - transport: tcp\n    client-auth: required\n"))
          .isEqualTo(
              "sipher.yaml: listeners[1].client-auth (line 5): only tls and wss listeners ask for"
                  + " client certificates");
    }

    @Test
    void invalidYaml_namesTheLine() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ntransactions:\n  t1: [1s\n"))
          .isEqualTo(
              "sipher.yaml (line 4): not valid YAML: expected ',' or ']', but got <stream end>"
                  + " (while parsing a flow sequence started on line 3)");
      assertThat(error("domains: [{name: example.com}]\nlisteners:\n  - address: ::\n"))
          .startsWith("sipher.yaml (line 3): not valid YAML");
    }

    @Test
    void missingFile_isSaidSo() {
      Path file = dir.resolve("nope.yaml");
      ConfigException e =
          catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
      assertThat(e).hasMessage(file + ": no such file");
    }
  }

  @Nested
  class CrossKeyErrors {
    @Test
    void noDomain() throws IOException {
      assertThat(error("")).startsWith("sipher.yaml: domains: at least one domain is needed");
      assertThat(error("domains: []\n"))
          .startsWith("sipher.yaml: domains (line 1): at least one domain is needed");
    }

    @Test
    void sameDomainTwice() throws IOException {
      assertThat(error("domains: [{name: a.example}, {name: A.example}]\n"))
          .isEqualTo(
              "sipher.yaml: domains[1].name (line 1): a.example is listed twice (also domains[0])");
    }

    @Test
    void minExpiresLongerThanMaxExpires() throws IOException {
      assertThat(
              error(
                  "domains: [{name: example.com}]\nregistrar:\n  min-expires: 2h\n"
                      + "  max-expires: 1h\n"))
          .isEqualTo(
              "sipher.yaml: registrar.min-expires (line 3): 2h is longer than registrar.max-expires"
                  + " (1h)");
    }

    @Test
    void expiresInMilliseconds() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nregistrar:\n  max-expires: 1500ms\n"))
          .startsWith("sipher.yaml: registrar.max-expires (line 3): 1500ms is not whole seconds");
    }

    @Test
    void t2ShorterThanT1() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ntransactions: {t1: 5s}\n"))
          .isEqualTo(
              "sipher.yaml: transactions.t2 (line 2): 4s is shorter than transactions.t1 (5s)");
    }

    @Test
    void noAlgorithms() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nauth:\n  algorithms: []\n"))
          .startsWith("sipher.yaml: auth.algorithms (line 3): at least one algorithm is needed");
      assertThat(error("domains: [{name: example.com}]\nauth:\n  algorithms: [MD5, md5]\n"))
          .isEqualTo("sipher.yaml: auth.algorithms (line 3): an algorithm is listed twice");
    }

    @Test
    void tlsOnlyDomainWithoutATlsListener() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nlisteners: [{transport: udp}]\n"))
          .isEqualTo(
              "sipher.yaml: domains[0].tls-policy (line 1): tls-only needs a tls or wss listener, and none"
                  + " is configured");
    }

    @Test
    void certificateWithoutKey() throws IOException {
      Path crt = Files.writeString(dir.resolve("a.crt"), "x");
      assertThat(error("domains:\n  - name: example.com\n    certificate: " + crt + "\n"))
          .isEqualTo(
              "sipher.yaml: domains[0].certificate (line 3): given without key; give both, or"
                  + " neither to use the development certificate");
    }

    @Test
    void certificateFileMissing() throws IOException {
      Path crt = dir.resolve("missing.crt");
      Path key = Files.writeString(dir.resolve("a.key"), "x");
      assertThat(
              error(
                  "domains:\n  - name: example.com\n    certificate: "
                      + crt
                      + "\n    key: "
                      + key
                      + "\n"))
          .isEqualTo(
              "sipher.yaml: domains[0].certificate (line 3): "
                  + crt
                  + " does not exist or cannot be read");
    }

    @Test
    void trustAnchorFileMissing() throws IOException {
      Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
      Path missing = dir.resolve("missing.crt");
      assertThat(
              error(
                  "domains: [{name: example.com}]\ntls:\n  trust-anchors:\n    - "
                      + ca
                      + "\n    - "
                      + missing
                      + "\n"))
          .isEqualTo(
              "sipher.yaml: tls.trust-anchors[1] (line 5): "
                  + missing
                  + " does not exist or cannot be read");
    }

    @Test
    void trustAnchorIsADirectory() throws IOException {
      assertThat(error("domains: [{name: example.com}]\ntls:\n  trust-anchors: [" + dir + "]\n"))
          .isEqualTo(
              "sipher.yaml: tls.trust-anchors[0] (line 3): "
                  + dir
                  + " does not exist or cannot be read");
    }

    @Test
    void trustAnchorListedTwice() throws IOException {
      Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
      assertThat(
              error(
                  "domains: [{name: example.com}]\ntls:\n  trust-anchors:\n    - "
                      + ca
                      + "\n    - "
                      + dir.resolve("./ca.crt")
                      + "\n"))
          .isEqualTo(
              "sipher.yaml: tls.trust-anchors[1] (line 5): "
                  + dir.resolve("./ca.crt")
                  + " is listed twice (also tls.trust-anchors[0])");
    }

    @Test
    void timerCNotLongerThanThreeMinutes() throws IOException {
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  timer-c: 3m\n"))
          .isEqualTo(
              "sipher.yaml: proxy.timer-c (line 3): 3m is not longer than 3m (RFC 3261 §16.6 step"
                  + " 11)");
      assertThat(error("domains: [{name: example.com}]\nproxy:\n  timer-c: 0s\n"))
          .startsWith("sipher.yaml: proxy.timer-c (line 3): 0s is not longer than 3m");
      assertThat(load("domains: [{name: example.com}]\nproxy:\n  timer-c: 181s\n").proxy())
          .isEqualTo(ServerSettings.Proxy.DEFAULTS);
    }

    @Test
    void twoListenersOnOnePort() throws IOException {
      assertThat(
              error(
                  "domains: [{name: example.com}]\nlisteners:\n  - {transport: tcp, port: 5061}\n"
                      + "  - {transport: tls}\n"))
          .isEqualTo(
              "sipher.yaml: listeners[1].port (line 4): 5061 on :: is already taken by listeners[0] (tcp)");
    }

    @Test
    void udpAndTcpMayShareAPort() throws IOException {
      assertThat(
              load("domains: [{name: example.com}]\nlisteners:\n  - {transport: udp}\n"
                      + "  - {transport: tcp}\n  - {transport: tls}\n")
                  .listeners())
          .hasSize(3);
    }

    @Test
    void perAddressLimitAboveTotal() throws IOException {
      assertThat(
              error(
                  "domains: [{name: example.com}]\nlimits:\n  max-connections: 10\n"
                      + "  max-connections-per-address: 20\n"))
          .isEqualTo(
              "sipher.yaml: limits.max-connections-per-address (line 4): 20 is more than"
                  + " limits.max-connections (10)");
    }
  }
}
