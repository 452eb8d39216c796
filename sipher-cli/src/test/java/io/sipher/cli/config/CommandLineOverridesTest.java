package io.sipher.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.cli.config.ServerSettings.Listener;
import io.sipher.server.TlsPolicy;
import io.sipher.stack.transport.ClientAuth;
import io.sipher.stack.transport.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineOverridesTest {
  @TempDir Path dir;

  private ServerSettings file(String yaml) throws IOException {
    return ConfigLoader.load(Files.writeString(dir.resolve("sipher.yaml"), yaml));
  }

  private static CommandLineOverrides ports(Map<Transport, Integer> ports) {
    return new CommandLineOverrides(null, null, null, ports, null, null);
  }

  @Test
  void nothingGiven_leavesTheFileAsItIs() throws IOException {
    ServerSettings s = file("domains: [{name: example.com}]\nlisteners: [{transport: tls}]\n");
    assertThat(CommandLineOverrides.NONE.applyTo(s)).isEqualTo(s);
  }

  @Test
  void dataDomainAndPolicy_replaceTheFilesValues() throws IOException {
    ServerSettings s =
        file("data: /srv/a\ndomains: [{name: a.example}, {name: b.example, tls-policy: off}]\n");

    ServerSettings o =
        new CommandLineOverrides(
                Path.of("/srv/b"), "C.example", null, Map.of(), TlsPolicy.BEST_EFFORT, null)
            .applyTo(s);

    assertThat(o.data()).isEqualTo(Path.of("/srv/b"));
    assertThat(o.domainPolicies())
        .containsExactly(
            Map.entry("c.example", TlsPolicy.BEST_EFFORT),
            Map.entry("b.example", TlsPolicy.BEST_EFFORT));
  }

  @Test
  void port_setsEveryListenerOfItsTransport() throws IOException {
    ServerSettings s =
        file(
            "domains: [{name: example.com}]\nlisteners:\n  - {transport: tls, address: 192.0.2.1}\n"
                + "  - {transport: tls, address: 192.0.2.2}\n");

    ServerSettings o = ports(Map.of(Transport.TLS, 5071)).applyTo(s);

    assertThat(o.listeners()).extracting(Listener::port).containsExactly(5071, 5071);
  }

  @Test
  void portMinusOne_removesTheTransport() {
    ServerSettings o =
        ports(Map.of(Transport.UDP, -1, Transport.WS, -1))
            .applyTo(ServerSettings.defaults("example.com"));

    assertThat(o.listeners())
        .extracting(Listener::transport)
        .containsExactly(Transport.TCP, Transport.TLS, Transport.WSS);
  }

  @Test
  void portForATransportTheFileLacks_addsAListenerOnTheBindAddress() throws Exception {
    ServerSettings s = file("domains: [{name: example.com}]\nlisteners: [{transport: tls}]\n");
    InetAddress bind = InetAddress.getByName("127.0.0.1");

    ServerSettings o =
        new CommandLineOverrides(null, null, bind, Map.of(Transport.UDP, 5070), null, null)
            .applyTo(s);

    assertThat(o.listeners())
        .containsExactly(
            Listener.of(Transport.TLS, bind, 5061), Listener.of(Transport.UDP, bind, 5070));
  }

  @Test
  void clientAuth_appliesToTlsAndWssOnly() {
    ServerSettings o =
        new CommandLineOverrides(null, null, null, Map.of(), null, ClientAuth.OPTIONAL)
            .applyTo(ServerSettings.defaults("example.com"));

    assertThat(o.listeners())
        .allSatisfy(
            l ->
                assertThat(l.clientAuth())
                    .isEqualTo(l.transport().secure() ? ClientAuth.OPTIONAL : ClientAuth.NONE));
  }

  @Test
  void portOutOfRange_namesTheOption() {
    assertThatThrownBy(
            () -> ports(Map.of(Transport.TLS, 70000)).applyTo(ServerSettings.defaults("a.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--tls-port: 70000 is not a port (0-65535; 0 picks a free one; -1 disables)");
  }

  @Test
  void overrideThatBreaksTheWhole_isCheckedAgain() {
    // TLS on 5060 beside TCP on 5060, both on every address.
    assertThatThrownBy(
            () -> ports(Map.of(Transport.TLS, 5060)).applyTo(ServerSettings.defaults("a.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("listeners[2].port: 5060 on :: is already taken by listeners[1]");
  }

  @Test
  void removingEveryTlsListener_failsTheTlsOnlyPolicy() {
    assertThatThrownBy(
            () ->
                ports(Map.of(Transport.TLS, -1, Transport.WSS, -1))
                    .applyTo(ServerSettings.defaults("a.example")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("domains[0].tls-policy: tls-only needs a tls or wss listener");
  }
}
