package io.sipher.media.rtp;

import java.time.Instant;

/** 64-bit NTP timestamps (RFC 3550 §4): seconds since 1900 and a 32-bit fraction. */
final class NtpTime {
  private static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

  private NtpTime() {}

  static long of(Instant instant) {
    long seconds = instant.getEpochSecond() + SECONDS_1900_TO_1970;
    long fraction = ((long) instant.getNano() << 32) / 1_000_000_000L;
    return (seconds << 32) | fraction;
  }

  /** A duration in units of 1/65536 s, as DLSR carries it (§6.4.1). */
  static long toUnits65536(long nanos) {
    return Math.max(0, nanos) * 65_536 / 1_000_000_000L & 0xFFFFFFFFL;
  }
}
