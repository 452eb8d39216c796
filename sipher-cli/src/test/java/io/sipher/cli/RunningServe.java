package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.stack.transport.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * {@code sipher serve} running in the test's JVM with the arguments given (usually a loopback TLS
 * port 0), for tests that drive other commands against it; {@link #close} stops it cleanly.
 */
final class RunningServe implements AutoCloseable {
  private final ServeCommand serve = new ServeCommand();
  private final CompletableFuture<Integer> serving;

  private RunningServe(String... args) throws InterruptedException {
    CommandLine cl = new CommandLine(serve);
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    serving = CompletableFuture.supplyAsync(() -> cl.execute(args));
    for (int i = 0; i < 600 && serve.running == null && !serving.isDone(); i++) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    assertThat(serve.running).as("sipher serve started").isNotNull();
  }

  static RunningServe start(String... args) throws InterruptedException {
    return new RunningServe(args);
  }

  /**
   * Adds {@code users} (all with the password in {@code passwordFile}) to a store in {@code data},
   * then serves {@code domain} from it on a loopback TLS port only.
   */
  static RunningServe startTls(Path data, String domain, Path passwordFile, String... users)
      throws InterruptedException {
    List<String> add = new ArrayList<>(List.of("user", "add"));
    add.addAll(List.of(users));
    add.addAll(
        List.of(
            "--data",
            data.toString(),
            "--domain",
            domain,
            "--password-file",
            passwordFile.toString()));
    Run added = sipher(add.toArray(String[]::new));
    assertThat(added.exit()).as(added.err()).isZero();
    return start(
        "--data", data.toString(),
        "--domain", domain,
        "--bind", "127.0.0.1",
        "--udp-port", "-1",
        "--tcp-port", "-1",
        "--ws-port", "-1",
        "--wss-port", "-1",
        "--tls-port", "0");
  }

  int tlsPort() {
    return serve.running.listener(Transport.TLS).orElseThrow().address().getPort();
  }

  @Override
  public void close()
      throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
    serve.stop.countDown();
    try {
      serving.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One command line run in this JVM: its exit code and what it printed. */
  record Run(int exit, String out, String err) {}

  /**
   * A softphone command (register, call, options...) as {@code user} of {@code domain} toward this
   * server's TLS port, trusting the CA in {@code ca}, with {@code more} arguments after the common
   * ones.
   */
  Run phone(
      String domain, Path ca, Path passwordFile, String command, String user, String... more) {
    List<String> all =
        new ArrayList<>(
            List.of(
                command,
                "--user",
                user,
                "--server",
                "127.0.0.1:" + tlsPort(),
                "--domain",
                domain,
                "--ca",
                ca.toString(),
                "--password-file",
                passwordFile.toString()));
    all.addAll(List.of(more));
    return sipher(all.toArray(String[]::new));
  }

  static Run sipher(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }
}
