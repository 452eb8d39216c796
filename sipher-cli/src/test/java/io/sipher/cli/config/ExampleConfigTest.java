package io.sipher.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleConfigTest {
  @Test
  void example_loadsBackAsTheEmbeddedDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sipher.yaml");
    Files.writeString(file, ExampleConfig.render("example.com"));

    assertThat(ConfigLoader.load(file)).isEqualTo(ServerSettings.defaults("example.com"));
  }

  @Test
  void example_writesEveryKey() {
    String example = ExampleConfig.render("example.com");
    List<String> keys =
        List.of(
            "data",
            "domains",
            "name",
            "tls-policy",
            "certificate",
            "key",
            "listeners",
            "transport",
            "address",
            "port",
            "client-auth",
            "ws-path",
            "limits",
            "max-connections",
            "max-connections-per-address",
            "idle-timeout",
            "handshake-timeout",
            "udp-flow-idle",
            "max-udp-flows",
            "max-message-bytes",
            "transactions",
            "t1",
            "t2",
            "t4",
            "max-transactions",
            "registrar",
            "default-expires",
            "min-expires",
            "max-expires",
            "auth",
            "algorithms",
            "nonce-lifetime",
            "max-failures",
            "failure-window",
            "block-duration",
            "trusted-peers",
            "tls",
            "engine",
            "key-log-file",
            "trust-anchors",
            "proxy",
            "record-route",
            "relay",
            "timer-c");
    for (String key : keys) {
      assertThat(example).containsPattern("(?m)^\\s*(- )?" + key + ":");
    }
  }

  @Test
  void example_writesTheDefaultsFromTheStackRecords() {
    String example = ExampleConfig.render("example.com");

    assertThat(example)
        .contains("idle-timeout: 10m")
        .contains("t1: 500ms")
        .contains("max-expires: 1d")
        .contains("algorithms: [SHA-256, SHA-512-256, MD5]")
        .contains("max-message-bytes: 65535")
        .contains("tls-policy: tls-only")
        .contains("address: \"::\"")
        .contains("trust-anchors: []")
        .contains("record-route: true")
        .contains("relay: false")
        .contains("timer-c: 181s");
  }

  @Test
  void example_namesTheDevelopmentCaItFallsBackTo() {
    assertThat(ExampleConfig.render("example.com")).contains("sipher-data/ca/ca.crt");
  }

  @Test
  void example_explainsEachKeyWithAComment() {
    // Every section's first key, and every top-level key, has a comment line just above it or
    // above its section; a rough measure: comments outnumber the keys.
    String example = ExampleConfig.render("example.com");
    long comments = example.lines().filter(l -> l.strip().startsWith("#")).count();
    long keys = example.lines().filter(l -> l.matches("\\s*(- )?[a-z0-9-]+:.*")).count();
    assertThat(comments).isGreaterThan(keys);
  }
}
