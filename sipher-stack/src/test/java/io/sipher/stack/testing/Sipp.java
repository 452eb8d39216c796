package io.sipher.stack.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.stack.transport.Transport;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs SIPp (Debian package {@code sip-tester}) on loopback for interop tests: one process per
 * scenario, its output in a log file in a test folder, and helpers to find a free port and to wait
 * until SIPp has bound it.
 */
public final class Sipp {
  private final Path dir;

  public Sipp(Path dir) {
    this.dir = dir;
  }

  /** Skips the calling test, with the reason, when sipp is not installed. */
  public static void assumeInstalled() {
    boolean found = false;
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      found |= !d.isEmpty() && Files.isExecutable(Path.of(d, "sipp"));
    }
    assumeTrue(found, "sipp is not installed (Debian package sip-tester; test.sh installs it)");
  }

  /** A loopback port free for both TCP and UDP. */
  public static int freePort() throws IOException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port");
  }

  /**
   * Starts SIPp with a built-in scenario ({@code uac}, {@code uas} ...) or a scenario file (a path
   * ending in {@code .xml}), on {@code t} (UDP or TCP, one socket), bound to 127.0.0.1:{@code
   * port}, with a 30 s global timeout that counts as failure.
   */
  public Process start(String scenario, Transport t, int port, String... more) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("sipp"));
    cmd.addAll(scenario.endsWith(".xml") ? List.of("-sf", scenario) : List.of("-sn", scenario));
    cmd.addAll(
        List.of(
            "-t",
            t == Transport.UDP ? "u1" : "t1",
            "-i",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-timeout",
            "30s",
            "-timeout_error",
            "-nostdin"));
    cmd.addAll(List.of(more));
    return new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(logFile(scenario).toFile())
        .start();
  }

  /** What SIPp printed for a scenario, for assertion messages. */
  public String log(String scenario) throws IOException {
    Path p = logFile(scenario);
    return Files.exists(p) ? Files.readString(p) : "";
  }

  private Path logFile(String scenario) {
    return dir.resolve(Path.of(scenario).getFileName() + ".log");
  }

  /** Waits until something has bound {@code port} (SIPp listens a moment after it starts). */
  public static void awaitBound(int port, Transport t) throws Exception {
    String table = t == Transport.UDP ? "/proc/net/udp" : "/proc/net/tcp";
    String local = String.format(":%04X ", port);
    for (int i = 0; i < 200; i++) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        // f[1] is the local address:port; for TCP, state 0A is LISTEN
        if (f.length > 3
            && (f[1] + " ").endsWith(local)
            && (t == Transport.UDP || f[3].equals("0A"))) {
          return;
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("nothing bound port " + port);
  }
}
