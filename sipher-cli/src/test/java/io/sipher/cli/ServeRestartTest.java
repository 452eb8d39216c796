package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.testing.Wire;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.Pem;
import io.sipher.server.auth.TestUa;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sipher serve} as its own process: a phone registers over TLS with digest, the server is
 * killed with SIGKILL, and the binding is still there, in {@code sipher reg list} and after a
 * restart (ARCHITECTURE decision 7). A damaged store stops the start with a clear message.
 */
class ServeRestartTest {
  @TempDir Path dir;

  private Path data() {
    return dir.resolve("data");
  }

  record Server(Process process, int tlsPort, String output) {}

  /** Starts the server with the test classpath and waits for its ready line. */
  private Server start() throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.sipher.cli.Main",
                "serve",
                "--data",
                data().toString(),
                "--domain",
                "localhost",
                "--bind",
                "127.0.0.1"));
    for (String port :
        List.of("--udp-port", "--tcp-port", "--tls-port", "--ws-port", "--wss-port")) {
      cmd.add(port);
      cmd.add("0");
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    Pattern tls = Pattern.compile("^\\s+TLS\\t127\\.0\\.0\\.1:(\\d+)");
    int port = -1;
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      Matcher m = tls.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      if (line.startsWith("sipher serve: running")) {
        // keep draining the output so that the server never blocks on a full pipe
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (java.io.IOException ignored) {
                    // process ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return new Server(p, port, seen.toString());
      }
    }
    throw new AssertionError("the server did not start:\n" + seen);
  }

  private static SipRequest register(int cseq, String authorization) {
    String text =
        "REGISTER sips:localhost SIP/2.0\n"
            + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bK-r"
            + cseq
            + ";rport\n"
            + "Max-Forwards: 70\n"
            + "From: <sips:alice@localhost>;tag=p1\n"
            + "To: <sips:alice@localhost>\n"
            + "Call-ID: restart@phone\n"
            + "CSeq: "
            + cseq
            + " REGISTER\n"
            + "Contact: <sips:alice@phone.invalid;transport=tls>\n"
            + "User-Agent: restart-test\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\n")
            + "Content-Length: 0\n\n";
    return Wire.request(text);
  }

  private static SipResponse send(SipStack phone, SipRequest r, Destination d) throws Exception {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    phone.sendRequest(r, d, ClientTransactionListener.completing(done));
    return done.get(20, TimeUnit.SECONDS);
  }

  private String regList() {
    StringWriter out = new StringWriter();
    Main.run(
        new PrintWriter(out, true),
        new PrintWriter(new StringWriter(), true),
        "reg",
        "list",
        "--data",
        data().toString());
    return out.toString();
  }

  @Test
  void bindingsSurviveKillMinusNineAndRestart() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "restart secret\n");
    assertThat(
            Main.run(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true),
                "user",
                "add",
                "alice",
                "--domain",
                "localhost",
                "--data",
                data().toString(),
                "--password-file",
                pw.toString()))
        .isZero();

    Server first = start();
    try {
      CertificateVerifier trust =
          new CertificateVerifier(
              Pem.readCertificates(data().resolve("ca/ca.crt")), List.of(), Clock.systemUTC());
      try (SipStack phone =
          SipStack.start(
              TransportConfig.DEFAULTS.withTrust(() -> trust),
              List.of(),
              TransactionConfig.DEFAULTS,
              new io.sipher.stack.transaction.TransactionUser() {
                @Override
                public void onRequest(
                    io.sipher.stack.transaction.ServerTransaction tx, SipRequest request) {}

                @Override
                public void onCancel(
                    io.sipher.stack.transaction.ServerTransaction cancel,
                    java.util.Optional<io.sipher.stack.transaction.InviteServerTransaction> i) {}

                @Override
                public void onAck(
                    SipRequest ack,
                    io.sipher.stack.transaction.Wire wire,
                    java.util.Optional<io.sipher.stack.transaction.InviteServerTransaction> i) {}

                @Override
                public void onStrayResponse(
                    SipResponse response, io.sipher.stack.transaction.Wire wire) {}
              })) {
        Destination d =
            new Destination(
                Transport.TLS, new InetSocketAddress("127.0.0.1", first.tlsPort()), "localhost");
        SipResponse challenge = send(phone, register(1, null), d);
        assertThat(challenge.statusCode()).as(first.output()).isEqualTo(401);
        TestUa ua = new TestUa("alice", "restart secret");
        String credentials = ua.answer(TestUa.challenges(challenge).get(0), register(2, null));
        assertThat(send(phone, register(2, credentials), d).statusCode()).isEqualTo(200);
      }
      // Written through in the background: give the writer its moment, then crash.
      for (int i = 0; i < 100 && !regList().contains("sip:alice@localhost"); i++) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    } finally {
      first.process().destroyForcibly().waitFor(20, TimeUnit.SECONDS); // SIGKILL
    }
    assertThat(regList()).contains("sip:alice@localhost").contains("restart-test");

    Server second = start();
    try {
      assertThat(second.output()).contains("1 users, 1 bindings");
    } finally {
      second.process().destroy(); // SIGTERM: a clean stop
      assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    // After the clean stop the binding is still stored, without a live flow.
    assertThat(regList()).contains("sip:alice@localhost").contains("\tno\t");
  }

  @Test
  void aDamagedStoreStopsTheStartWithAClearMessage() throws Exception {
    Files.createDirectories(data());
    Files.write(data().resolve(ServerData.STORE_FILE), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "serve",
            "--data",
            data().toString(),
            "--domain",
            "localhost",
            "--bind",
            "127.0.0.1",
            "--udp-port",
            "0",
            "--tcp-port",
            "0",
            "--tls-port",
            "0",
            "--ws-port",
            "0",
            "--wss-port",
            "0");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("sipher.db").containsIgnoringCase("damaged");
  }
}
