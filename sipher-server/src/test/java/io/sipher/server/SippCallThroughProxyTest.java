package io.sipher.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.testing.Wire;
import io.sipher.server.auth.AuthConfig;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.TestUa;
import io.sipher.server.auth.Users;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.MemoryBindingStore;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrarConfig;
import io.sipher.stack.SipStack;
import io.sipher.stack.testing.Sipp;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3261 §16 with two third-party UAs: a SIPp UAS is registered as bob (with digest), and a SIPp
 * UAC calls bob through the proxy over TCP, sending ACK and BYE along the Record-Route set it got
 * in the 200 (§12.1.2). Both SIPp processes exit 0 only when every message came as their scenarios
 * expect. The caller is a trusted peer, reached over TCP, so its INVITE is not challenged.
 */
class SippCallThroughProxyTest {
  @TempDir Path dir;

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  /** The server of these tests: domain example.com, the callers trusted over TCP. */
  private static ServerCore core() throws Exception {
    String domain = "example.com";
    LocationService location = new LocationService(new MemoryBindingStore(), Clock.systemUTC());
    ServerConfig config =
        new ServerConfig(
            Map.of(domain, TlsPolicy.BEST_EFFORT),
            // SIPp answers MD5 challenges only
            AuthConfig.DEFAULTS.withAlgorithms(List.of(io.sipher.message.auth.DigestAlgorithm.MD5)),
            RegistrarConfig.DEFAULTS,
            Set.of(InetAddress.getByName("127.0.0.1")));
    return new ServerCore(
        config,
        new DigestAuthenticator(
            config.auth(),
            Users.of("bob", domain, "uas secret").add("alice", domain, "uac secret"),
            DigestAuthenticator.newSecret(),
            Clock.systemUTC()),
        new Registrar(location, config.registrar(), Clock.systemUTC()));
  }

  private String resource(String name) throws Exception {
    return Path.of(getClass().getResource("/sipp/" + name).toURI()).toString();
  }

  /**
   * Starts one SIPp UAS per scenario, registers them all as bob's contacts, runs the caller's
   * scenario through the proxy, and checks that every SIPp process ends with status 0.
   */
  private void run(String callerScenario, String... calleeScenarios) throws Exception {
    run(Transport.TCP, callerScenario, new String[0], calleeScenarios);
  }

  private void run(
      Transport t, String callerScenario, String[] callerArgs, String... calleeScenarios)
      throws Exception {
    ServerCore core = core();
    Sipp sipp = new Sipp(dir);
    int[] ports = new int[calleeScenarios.length];
    List<Process> callees = new java.util.ArrayList<>();
    try (SipStack server =
        SipStack.start(
            TransportConfig.DEFAULTS,
            List.of(ListenerConfig.plain(t, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            core)) {
      core.attach(server);
      int proxyPort = server.transport().listener(t).orElseThrow().address().getPort();
      for (int i = 0; i < calleeScenarios.length; i++) {
        ports[i] = Sipp.freePort();
        callees.add(sipp.start(resource(calleeScenarios[i]), t, ports[i], "-m", "1", "-trace_msg"));
      }
      for (int port : ports) {
        Sipp.awaitBound(port, t);
      }
      registerBob(server, t, proxyPort, ports);
      String scenario = resource(callerScenario);
      List<String> args = new java.util.ArrayList<>(List.of("-m", "1", "-trace_msg"));
      args.addAll(List.of(callerArgs));
      args.add("127.0.0.1:" + proxyPort);
      Process uac = sipp.start(scenario, t, Sipp.freePort(), args.toArray(String[]::new));
      assertThat(uac.waitFor(60, TimeUnit.SECONDS)).as("uac finished").isTrue();
      assertThat(uac.exitValue()).as(sipp.log(scenario) + messages(dir)).isZero();
      for (int i = 0; i < callees.size(); i++) {
        Process p = callees.get(i);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("uas finished").isTrue();
        assertThat(p.exitValue())
            .as(sipp.log(resource(calleeScenarios[i])) + messages(dir))
            .isZero();
      }
    } finally {
      callees.forEach(Process::destroy);
    }
  }

  @Test
  void section16_sippUacCallsSippUasThroughTheProxy() throws Exception {
    run("uac-via-proxy.xml", "uas-record-route.xml");
  }

  @Test
  void section22_3_anUntrustedCallerOverUdpIsChallengedThenConnected() throws Exception {
    run(
        Transport.UDP,
        "uac-auth-via-proxy.xml",
        new String[] {"-au", "alice", "-ap", "uac secret", "-auth_uri", "bob@example.com"},
        "uas-record-route.xml");
  }

  @Test
  void rfc3263_aUserOfOursCallsAnotherDomainThroughTheProxy() throws Exception {
    // The same server, allowed to relay for its own users (trusted here over TCP).
    ServerConfig relaying =
        new ServerConfig(
                Map.of("example.com", TlsPolicy.BEST_EFFORT),
                AuthConfig.DEFAULTS,
                RegistrarConfig.DEFAULTS,
                Set.of(InetAddress.getByName("127.0.0.1")))
            .withProxy(io.sipher.server.proxy.ProxyConfig.DEFAULTS.withRelay(true));
    ServerCore core =
        new ServerCore(
            relaying,
            new DigestAuthenticator(
                relaying.auth(),
                Users.of("alice", "example.com", "uac secret"),
                DigestAuthenticator.newSecret(),
                Clock.systemUTC()),
            new Registrar(
                new LocationService(new MemoryBindingStore(), Clock.systemUTC()),
                relaying.registrar(),
                Clock.systemUTC()));
    Sipp sipp = new Sipp(dir);
    int carolPort = Sipp.freePort();
    String uasScenario = resource("uas-record-route.xml");
    Process carol = sipp.start(uasScenario, Transport.TCP, carolPort, "-m", "1", "-trace_msg");
    // RFC 3263 with a static table standing in for other.test's DNS records.
    io.sipher.stack.dns.ServerLocator locator =
        new io.sipher.stack.dns.ServerLocator(
            io.sipher.stack.dns.ServerLocatorConfig.builder()
                .staticTarget(
                    "other.test", Transport.TCP, new InetSocketAddress("127.0.0.1", carolPort))
                .build(),
            java.util.concurrent.ForkJoinPool.commonPool());
    try (SipStack server =
        SipStack.start(
            TransportConfig.DEFAULTS,
            List.of(ListenerConfig.plain(Transport.TCP, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            core)) {
      core.attach(server, locator);
      int proxyPort = server.transport().listener(Transport.TCP).orElseThrow().address().getPort();
      Sipp.awaitBound(carolPort, Transport.TCP);
      String scenario = resource("uac-relay.xml");
      Process uac =
          sipp.start(
              scenario,
              Transport.TCP,
              Sipp.freePort(),
              "-m",
              "1",
              "-trace_msg",
              "127.0.0.1:" + proxyPort);
      assertThat(uac.waitFor(60, TimeUnit.SECONDS)).as("uac finished").isTrue();
      assertThat(uac.exitValue()).as(sipp.log(scenario) + messages(dir)).isZero();
      assertThat(carol.waitFor(60, TimeUnit.SECONDS)).as("uas finished").isTrue();
      assertThat(carol.exitValue()).as(sipp.log(uasScenario) + messages(dir)).isZero();
    } finally {
      carol.destroy();
    }
  }

  @Test
  void section16_9_anUnreachableNextHopIsAnswered500() throws Exception {
    ServerCore core = core();
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort(); // nothing listens there any more
    }
    try (SipStack server =
        SipStack.start(
            TransportConfig.DEFAULTS,
            List.of(ListenerConfig.plain(Transport.TCP, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            core)) {
      core.attach(server);
      int proxyPort = server.transport().listener(Transport.TCP).orElseThrow().address().getPort();
      registerBob(server, Transport.TCP, proxyPort, closed);
      byte[] invite =
          ("INVITE sip:bob@example.com SIP/2.0\r\n"
                  + "Via: SIP/2.0/TCP 127.0.0.1:"
                  + proxyPort
                  + ";branch=z9hG4bK-unreach\r\n"
                  + "Max-Forwards: 70\r\n"
                  + "From: <sip:alice@example.com>;tag=u1\r\n"
                  + "To: <sip:bob@example.com>\r\n"
                  + "Call-ID: unreachable@test\r\n"
                  + "CSeq: 1 INVITE\r\n"
                  + "Contact: <sip:alice@127.0.0.1;transport=tcp>\r\n"
                  + "Content-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8);
      SipRequest r =
          (SipRequest) ((ParseResult.Parsed) new SipParser().parseDatagram(invite)).message();
      SipResponse answer =
          send(
              server,
              r,
              Destination.of(Transport.TCP, new InetSocketAddress("127.0.0.1", proxyPort)));
      // §16.9: the failed connection counts as a 503; §16.7 step 6: upstream gets 500.
      assertThat(answer.statusCode()).isEqualTo(500);
    }
  }

  @Test
  void section16_10_aCancelWhileRingingReachesTheCallee() throws Exception {
    run("uac-cancel.xml", "uas-ring-then-cancelled.xml");
  }

  @Test
  void section16_7_forkingAnswersOnePhoneAndCancelsTheOther() throws Exception {
    run("uac-via-proxy.xml", "uas-record-route.xml", "uas-ring-then-cancelled.xml");
  }

  /** Registers the SIPp UAS's address as bob's contact, answering the digest challenge. */
  private static void registerBob(SipStack stack, Transport t, int proxyPort, int... uasPorts)
      throws Exception {
    Destination proxy = Destination.of(t, new InetSocketAddress("127.0.0.1", proxyPort));
    SipResponse challenge = send(stack, register(t, proxyPort, 1, uasPorts, null), proxy);
    assertThat(challenge.statusCode()).isEqualTo(401);
    TestUa ua = new TestUa("bob", "uas secret");
    String credentials =
        ua.answer(TestUa.challenges(challenge).get(0), register(t, proxyPort, 2, uasPorts, null));
    assertThat(send(stack, register(t, proxyPort, 2, uasPorts, credentials), proxy).statusCode())
        .isEqualTo(200);
  }

  /**
   * A REGISTER sent by the server's own stack to itself; over UDP the Via names the socket it
   * leaves from, or the answer would be dropped as not ours (RFC 3261 §18.1.2).
   */
  private static SipRequest register(
      Transport t, int viaPort, int cseq, int[] uasPorts, String authorization) {
    StringBuilder contacts = new StringBuilder();
    for (int port : uasPorts) {
      contacts.append(contacts.length() == 0 ? "" : ", ");
      contacts
          .append("<sip:bob@127.0.0.1:")
          .append(port)
          .append(";transport=")
          .append(t.uriParameter())
          .append('>');
    }
    String text =
        "REGISTER sip:example.com SIP/2.0\n"
            + "Via: SIP/2.0/"
            + t.viaName()
            + " 127.0.0.1:"
            + viaPort
            + ";branch=z9hG4bK-bob"
            + cseq
            + "\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:bob@example.com>;tag=b1\n"
            + "To: <sip:bob@example.com>\n"
            + "Call-ID: bob-reg\n"
            + "CSeq: "
            + cseq
            + " REGISTER\n"
            + "Contact: "
            + contacts
            + "\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\n")
            + "Content-Length: 0\n\n";
    return Wire.request(text);
  }

  private static SipResponse send(SipStack stack, SipRequest r, Destination d) throws Exception {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    stack.sendRequest(r, d, ClientTransactionListener.completing(done));
    return done.get(10, TimeUnit.SECONDS);
  }

  /** SIPp's message trace, for failure messages. */
  private static String messages(Path dir) throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith("_messages.log")).toList()) {
        b.append(java.nio.file.Files.readString(f));
      }
    }
    return b.toString();
  }
}
