package io.sipher.server.registrar;

import java.time.Duration;

/**
 * Registration lifetimes.
 *
 * @param defaultExpires used when the REGISTER gives no expiry (RFC 3261 §10.2.1.1 suggests 3600 s)
 * @param minExpires shorter requested lifetimes (other than 0) get 423 Interval Too Brief with this
 *     as Min-Expires (§10.3 step 7); keeps refresh traffic bounded
 * @param maxExpires longer requested lifetimes are shortened to this (§10.3 step 7 allows it)
 * @param maxContactsPerAor a REGISTER that would leave more bindings than this gets 403: bounds
 *     memory and how far one request can fork (RFC 5393 §4)
 */
public record RegistrarConfig(
    Duration defaultExpires, Duration minExpires, Duration maxExpires, int maxContactsPerAor) {
  /** Ten phones per user: a desk phone, a softphone, a mobile, and room to spare. */
  public static final int DEFAULT_MAX_CONTACTS = 10;

  public static final RegistrarConfig DEFAULTS =
      new RegistrarConfig(
          Duration.ofSeconds(3600),
          Duration.ofSeconds(60),
          Duration.ofDays(1),
          DEFAULT_MAX_CONTACTS);

  public RegistrarConfig {
    if (minExpires.isNegative() || minExpires.compareTo(maxExpires) > 0) {
      throw new IllegalArgumentException("minExpires must be between 0 and maxExpires");
    }
    if (maxContactsPerAor < 1) {
      throw new IllegalArgumentException("maxContactsPerAor must be at least 1");
    }
  }

  public RegistrarConfig(Duration defaultExpires, Duration minExpires, Duration maxExpires) {
    this(defaultExpires, minExpires, maxExpires, DEFAULT_MAX_CONTACTS);
  }
}
