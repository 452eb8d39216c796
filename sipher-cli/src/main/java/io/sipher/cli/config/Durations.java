package io.sipher.cli.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the configuration file writes them: a whole number and one unit, {@code 500ms},
 * {@code 30s}, {@code 10m}, {@code 1h}, {@code 1d}.
 *
 * <p>Deliberately strict: no fractions, no compound forms ({@code 1h30m}), no bare numbers. A bare
 * {@code 30} could mean seconds or milliseconds depending on whom you ask, and that ambiguity is
 * how a 500 ms T1 becomes 500 s; ISO-8601 ({@code PT30S}) is accurate but nobody reads it aloud.
 */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private Durations() {}

  /** The duration {@code text} names, or empty when it is not of the form above. */
  public static Optional<Duration> parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    return Optional.of(
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
  }

  /**
   * The shortest form {@link #parse} reads back as exactly {@code d}: the largest unit that divides
   * it ({@code 1d}, not {@code 24h} nor {@code 86400s}). Sub-millisecond parts cannot be written,
   * so they are refused rather than rounded away.
   */
  public static String format(Duration d) {
    if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("not writable as a configuration duration: " + d);
    }
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 86_400_000 == 0) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    return ms + "ms";
  }
}
