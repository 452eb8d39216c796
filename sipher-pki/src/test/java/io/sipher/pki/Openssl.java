package io.sipher.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real openssl binary, the reference the certificates are checked against. */
public final class Openssl {
  private Openssl() {}

  /** Output and exit status of one run. */
  public record Result(int exit, String output) {}

  public static void assumeInstalled() {
    boolean present;
    try {
      present = run("version").exit() == 0;
    } catch (RuntimeException e) {
      present = false;
    }
    Assumptions.assumeTrue(present, "openssl is not installed (./test.sh installs it); skipping");
  }

  public static Result run(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("openssl timed out: " + cmd);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run openssl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
