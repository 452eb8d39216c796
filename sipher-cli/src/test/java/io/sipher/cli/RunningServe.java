package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.stack.transport.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
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

  static Run sipher(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }
}
