package io.sipher.server.registrar;

import java.time.Duration;

/**
 * Registration lifetimes.
 *
 * @param defaultExpires used when the REGISTER gives no expiry (RFC 3261 §10.2.1.1 suggests 3600 s)
 * @param minExpires shorter requested lifetimes (other than 0) get 423 Interval Too Brief with this
 *     as Min-Expires (§10.3 step 7); keeps refresh traffic bounded
 * @param maxExpires longer requested lifetimes are shortened to this (§10.3 step 7 allows it)
 */
public record RegistrarConfig(Duration defaultExpires, Duration minExpires, Duration maxExpires) {
  public static final RegistrarConfig DEFAULTS =
      new RegistrarConfig(Duration.ofSeconds(3600), Duration.ofSeconds(60), Duration.ofDays(1));

  public RegistrarConfig {
    if (minExpires.isNegative() || minExpires.compareTo(maxExpires) > 0) {
      throw new IllegalArgumentException("minExpires must be between 0 and maxExpires");
    }
  }
}
