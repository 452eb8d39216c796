package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sipher bench} against a real {@code sipher serve} over loopback TLS: registrations with
 * digest (RFC 3261 §10.2, §22), calls through the proxy to the callee the generator runs (§13,
 * §16), OPTIONS and idle connections, with the summary counting what the server answered. Short
 * runs: these prove the generator right, the figures come from bench/compare-kamailio.sh.
 */
class BenchCommandTest {
  @TempDir Path dir;
  private RunningServe server;
  private int tlsPort;
  private Path password;

  @BeforeEach
  void startServer() throws Exception {
    password = Files.writeString(dir.resolve("pw"), "s3cret\n");
    server =
        RunningServe.startTls(dir.resolve("data"), "localhost", password, "alice", "bob", "carol");
    tlsPort = server.tlsPort();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  private record Run(int exit, String out, String err) {
    long value(String key) {
      Matcher m = Pattern.compile(" " + key + "=([0-9]+)").matcher(out);
      assertThat(m.find()).as(out + err).isTrue();
      return Long.parseLong(m.group(1));
    }
  }

  private Run bench(String... args) {
    List<String> all = new ArrayList<>(List.of("bench"));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--domain",
            "localhost",
            "--ca",
            dir.resolve("data/ca/ca.crt").toString(),
            "--warmup",
            "300ms",
            "--duration",
            "1500ms",
            "--quiet"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private String target() {
    return "127.0.0.1:" + tlsPort;
  }

  @Test
  void rfc3261_10_2_registersWithDigest_overOneTlsConnection() {
    Run r =
        bench("register", target(), "--users", "alice,bob", "--password-file", password.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.value("succeeded")).isPositive();
    assertThat(r.value("failed")).isZero();
    assertThat(r.out()).contains("result scenario=register transport=tls connections=1 ");
  }

  @Test
  void rfc3261_22_wrongPassword_failsEveryAttempt_andExitsOne() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong"), "guess\n");

    Run r = bench("register", target(), "--users", "alice", "--password-file", wrong.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.value("succeeded")).isZero();
    assertThat(r.value("failed")).isPositive();
    // Refused credentials are challenged again (401), until the server blocks the source (403).
    assertThat(r.out()).containsPattern("failed [0-9,]+ \\(100\\.00%\\): (401|403)");
  }

  @Test
  void rfc3261_13_callsThroughTheProxy_toTheCalleeTheGeneratorRuns() {
    Run r =
        bench(
            "call",
            target(),
            "--users",
            "alice,bob",
            "--callee",
            "carol",
            "--connections",
            "2",
            "--password-file",
            password.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.value("succeeded")).isPositive();
    assertThat(r.value("failed")).isZero();
    assertThat(r.out()).contains("connections=2 ");
  }

  @Test
  void aNewConnectionPerAttempt_makesAFullHandshakeEachTime() {
    Run r =
        bench(
            "register",
            target(),
            "--users",
            "alice",
            "--reconnect",
            "--rate",
            "20",
            "--password-file",
            password.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.value("succeeded")).isPositive();
    assertThat(r.out()).contains("a new connection per attempt");
  }

  @Test
  void connect_opensAndHoldsIdleConnections() {
    Run r = bench("connect", target(), "--connections", "25");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("25 connections opened").contains("25 still open");
  }

  @Test
  void badOptions_getOneLine_andExitTwo() {
    Run unknown = bench("dance", target());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown scenario 'dance'");

    Run tooMany =
        bench(
            "register",
            target(),
            "--users",
            "alice",
            "--connections",
            "3",
            "--password-file",
            password.toString());
    assertThat(tooMany.exit()).isEqualTo(2);
    assertThat(tooMany.err()).contains("--connections 3 is more than the 1 phones");

    Run noPassword = bench("register", target(), "--users", "alice");
    assertThat(noPassword.exit()).isEqualTo(2);
    assertThat(noPassword.err()).contains("--password-file or --password-env");

    Run nobody = bench("register", "127.0.0.1:1", "--users", "alice", "--password-env", "HOME");
    assertThat(nobody.exit()).isEqualTo(2);
    assertThat(nobody.err()).contains("connection 1 of 1 to");
  }
}
