package io.sipher.stack.dns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real DNS server for tests: dnsmasq on 127.0.0.1 and a free port, answering only from the
 * records given on its command line ({@code --no-resolv --no-hosts}, no config file). Names under
 * {@code .test} that it does not know get NXDOMAIN; other names get REFUSED (no upstream).
 *
 * <p>Tests call {@link #assumeInstalled()} first so that a machine without the Debian package
 * {@code dnsmasq-base} skips them with a reason instead of failing.
 */
final class Dnsmasq implements AutoCloseable {
  private static final List<Path> CANDIDATES =
      List.of(Path.of("/usr/sbin/dnsmasq"), Path.of("/usr/bin/dnsmasq"), Path.of("/sbin/dnsmasq"));

  private final int port;
  private final Records records;
  private Process process;

  private Dnsmasq(int port, Records records) {
    this.port = port;
    this.records = records;
  }

  static Path binary() {
    for (Path p : CANDIDATES) {
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  static void assumeInstalled() {
    Assumptions.assumeTrue(
        binary() != null,
        "dnsmasq is not installed (Debian package dnsmasq-base): skipping tests that need a real"
            + " DNS server on loopback");
  }

  /** Starts dnsmasq serving {@code records} on a free loopback port. */
  static Dnsmasq start(Records records) {
    IllegalStateException last = null;
    // The free port is found by binding and releasing it; another process may take it in between,
    // so a failed start is retried on a new port.
    for (int attempt = 0; attempt < 5; attempt++) {
      Dnsmasq d = new Dnsmasq(freeUdpPort(), records);
      try {
        d.launch(records);
        return d;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Stops the server and starts it again on the same port with other records. */
  void restart(Records newRecords) {
    stop();
    launch(newRecords);
  }

  /** Stops the server; the port then answers nothing (ICMP port unreachable). */
  void stop() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  Records records() {
    return records;
  }

  @Override
  public void close() {
    stop();
  }

  private void launch(Records recs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().toString());
    cmd.add("--no-daemon");
    cmd.add("--port=" + port);
    cmd.add("--listen-address=127.0.0.1");
    cmd.add("--bind-interfaces");
    cmd.add("--no-resolv");
    cmd.add("--no-hosts");
    cmd.add("--conf-file=/dev/null");
    cmd.add("--pid-file=");
    cmd.add("--log-facility=-");
    cmd.add("--cache-size=0");
    cmd.add("--local=/test/");
    cmd.add("--local-ttl=" + recs.ttl);
    if ("root".equals(System.getProperty("user.name"))) {
      // dnsmasq started as root switches to "nobody", which may not exist in a container.
      cmd.add("--user=root");
    }
    cmd.addAll(recs.args);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // dnsmasq logs "started" once its sockets are bound; anything else first means it failed.
    CompletableFuture<String> started = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Process p = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  if (line.contains("started, version")) {
                    started.complete(line);
                  }
                }
              } catch (IOException ignored) {
                // process gone
              }
              started.completeExceptionally(new IllegalStateException("dnsmasq exited"));
            },
            "dnsmasq-" + port);
    reader.setDaemon(true);
    reader.start();
    try {
      started.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      stop();
      synchronized (output) {
        throw new IllegalStateException("dnsmasq did not start: " + output, e);
      }
    }
  }

  private static int freeUdpPort() {
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The records dnsmasq serves, as its command-line options. */
  static final class Records {
    private final List<String> args = new ArrayList<>();
    private int ttl = 300;

    /** TTL of every NAPTR, SRV and host record without its own TTL. */
    Records ttl(int seconds) {
      this.ttl = seconds;
      return this;
    }

    Records naptr(
        String name, int order, int preference, String flags, String service, String replacement) {
      args.add(
          "--naptr-record="
              + String.join(
                  ",",
                  name,
                  Integer.toString(order),
                  Integer.toString(preference),
                  flags,
                  service,
                  "",
                  replacement));
      return this;
    }

    Records srv(String name, String target, int port, int priority, int weight) {
      args.add("--srv-host=" + name + "," + target + "," + port + "," + priority + "," + weight);
      return this;
    }

    /** A CNAME record: {@code alias} is another name for {@code target}. */
    Records cname(String alias, String target) {
      args.add("--cname=" + alias + "," + target);
      return this;
    }

    /** An SRV record with target "." (RFC 2782: service decidedly not available). */
    Records srvNotAvailable(String name) {
      args.add("--srv-host=" + name);
      return this;
    }

    /** A and/or AAAA records: one IPv4 and/or one IPv6 address per call (dnsmasq's limit). */
    Records host(String name, String... addresses) {
      args.add("--host-record=" + name + "," + String.join(",", addresses));
      return this;
    }

    /** Like {@link #host} with a TTL of its own. */
    Records hostWithTtl(String name, int ttlSeconds, String... addresses) {
      args.add("--host-record=" + name + "," + String.join(",", addresses) + "," + ttlSeconds);
      return this;
    }
  }
}
