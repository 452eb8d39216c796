package io.sipher.server;

import java.util.Locale;

/**
 * How much a domain insists on TLS (ARCHITECTURE decision 5).
 *
 * <ul>
 *   <li>{@code TLS_ONLY} (the default): every request for the domain must arrive over TLS or WSS;
 *       anything else is refused with a response that says so.
 *   <li>{@code BEST_EFFORT}: TLS is preferred, plain transports are accepted for {@code sip:}.
 *   <li>{@code OFF}: no TLS requirement beyond {@code sips:} itself.
 * </ul>
 *
 * <p>Under every policy a {@code sips:} request is only accepted and forwarded over TLS (RFC 3261
 * §26.2.2, RFC 5630 §3.1.3): there is no downgrade.
 */
public enum TlsPolicy {
  TLS_ONLY,
  BEST_EFFORT,
  OFF;

  /** The policy named in configuration: {@code tls-only}, {@code best-effort} or {@code off}. */
  public static TlsPolicy parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "tls-only" -> TLS_ONLY;
      case "best-effort" -> BEST_EFFORT;
      case "off" -> OFF;
      default ->
          throw new IllegalArgumentException(
              "unknown TLS policy '" + name + "' (tls-only, best-effort or off)");
    };
  }

  /** Whether a request may be accepted over a transport that is (or is not) TLS. */
  public boolean accepts(boolean overTls, boolean sipsRequest) {
    if (overTls) {
      return true;
    }
    return !sipsRequest && this != TLS_ONLY;
  }
}
