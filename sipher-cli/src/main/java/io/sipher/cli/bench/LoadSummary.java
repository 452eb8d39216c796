package io.sipher.cli.bench;

import io.sipher.stack.transport.Addresses;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured, with its two renderings: a few readable lines, and one {@code
 * key=value} line (prefixed {@code result}) for scripts.
 *
 * @param openConnections connections the phones used (the connect scenario: still open at the end)
 * @param connectSeconds how long opening them took
 * @param seconds the measured period
 * @param notOffered attempts the planned rate called for that could not start (every phone busy)
 * @param serverCpuSeconds CPU the server processes spent in the measured period (0: not measured)
 * @param selfCpuSeconds CPU this generator spent in it
 * @param serverMemoryBefore the server's PSS before the connections were opened (0: not measured)
 * @param serverMemoryAfter the same at the end
 */
record LoadSummary(
    LoadPlan plan,
    int openConnections,
    double connectSeconds,
    double seconds,
    long succeeded,
    long failed,
    Map<String, Long> failures,
    Histogram latency,
    long notOffered,
    double serverCpuSeconds,
    int serverProcesses,
    double selfCpuSeconds,
    long serverMemoryBefore,
    long serverMemoryAfter) {

  double rate() {
    return succeeded / seconds;
  }

  double failurePercent() {
    long all = succeeded + failed;
    return all == 0 ? 0 : 100.0 * failed / all;
  }

  /** Successful attempts per CPU-second of the server; 0 when its CPU was not measured. */
  double perServerCoreSecond() {
    return serverCpuSeconds > 0 ? succeeded / serverCpuSeconds : 0;
  }

  void print(PrintWriter out) {
    String scenario = plan.scenario().name().toLowerCase(Locale.ROOT);
    String transport = plan.transport().name().toLowerCase(Locale.ROOT);
    if (plan.scenario() == LoadPlan.Scenario.CONNECT) {
      out.printf(
          Locale.ROOT,
          "connect over %s to %s: %,d connections opened in %.1f s (%,.0f/s), %,d still open after"
              + " %.0f s%n",
          transport,
          address(),
          succeeded + failed,
          connectSeconds,
          (succeeded + failed) / Math.max(connectSeconds, 1e-3),
          succeeded,
          seconds);
      if (serverMemoryBefore > 0 && succeeded > 0) {
        out.printf(
            Locale.ROOT,
            "  server memory (PSS) %,d KiB before, %,d KiB after: %,.1f KiB per connection%n",
            serverMemoryBefore / 1024,
            serverMemoryAfter / 1024,
            memoryPerConnection() / 1024);
      }
    } else {
      out.printf(
          Locale.ROOT,
          "%s over %s to %s: %,d phones on %s, %s, measured %.1f s after %d s of warm-up%n",
          scenario,
          transport,
          address(),
          plan.users().size(),
          plan.reconnect()
              ? "a new connection per attempt"
              : openConnections + (openConnections == 1 ? " connection" : " connections"),
          plan.rate() > 0
              ? String.format(Locale.ROOT, "%,.0f/s offered", plan.rate())
              : "as fast as it goes",
          seconds,
          plan.warmup().toSeconds());
      out.printf(
          Locale.ROOT,
          "  %,.1f/s  succeeded %,d  failed %,d (%.2f%%)%s%n",
          rate(),
          succeeded,
          failed,
          failurePercent(),
          failures.isEmpty()
              ? ""
              : ": "
                  + failures.entrySet().stream()
                      .map(e -> e.getKey() + " " + e.getValue())
                      .collect(Collectors.joining(", ")));
      if (notOffered > 0) {
        out.printf(
            Locale.ROOT,
            "  %,d attempts the rate called for were not started: every phone was busy%n",
            notOffered);
      }
      if (latency.getTotalCount() > 0) {
        out.printf(
            Locale.ROOT,
            "  latency (first request to last final response) p50 %s  p90 %s  p99 %s  max %s ms%n",
            millis(latency.getValueAtPercentile(50)),
            millis(latency.getValueAtPercentile(90)),
            millis(latency.getValueAtPercentile(99)),
            millis(latency.getMaxValue()));
      }
      if (serverCpuSeconds > 0) {
        out.printf(
            Locale.ROOT,
            "  server CPU %.0f%% of a core (%d processes): %,.0f per server core-second%n",
            100 * serverCpuSeconds / seconds,
            serverProcesses,
            perServerCoreSecond());
      }
      out.printf(Locale.ROOT, "  generator CPU %.0f%% of a core%n", 100 * selfCpuSeconds / seconds);
    }
    out.println(resultLine());
  }

  double memoryPerConnection() {
    return succeeded == 0 ? 0 : (double) (serverMemoryAfter - serverMemoryBefore) / succeeded;
  }

  /** Everything above as one {@code key=value} line, for scripts. */
  String resultLine() {
    return String.format(
        Locale.ROOT,
        "result scenario=%s transport=%s connections=%d rate=%.1f succeeded=%d failed=%d"
            + " failed_pct=%.3f p50_ms=%s p99_ms=%s server_cpu_s=%.2f per_server_core_s=%.0f"
            + " generator_cpu_s=%.2f not_offered=%d server_pss_kib_before=%d"
            + " server_pss_kib_after=%d connect_s=%.2f",
        plan.scenario().name().toLowerCase(Locale.ROOT),
        plan.transport().name().toLowerCase(Locale.ROOT),
        openConnections,
        plan.scenario() == LoadPlan.Scenario.CONNECT
            ? (succeeded + failed) / Math.max(connectSeconds, 1e-3)
            : rate(),
        succeeded,
        failed,
        failurePercent(),
        millis(latency.getValueAtPercentile(50)),
        millis(latency.getValueAtPercentile(99)),
        serverCpuSeconds,
        perServerCoreSecond(),
        selfCpuSeconds,
        notOffered,
        serverMemoryBefore / 1024,
        serverMemoryAfter / 1024,
        connectSeconds);
  }

  private String address() {
    return Addresses.format(plan.server().address());
  }

  /** Microseconds as milliseconds with two decimals. */
  static String millis(long micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
