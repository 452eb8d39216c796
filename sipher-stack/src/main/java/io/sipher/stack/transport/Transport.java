package io.sipher.stack.transport;

import java.util.Locale;
import java.util.Optional;

/**
 * The SIP transports sipher speaks. The name is the token used in the Via header (RFC 3261 §18, RFC
 * 7118 §5 for WS/WSS) and, lower-cased, in the {@code transport} URI parameter.
 */
public enum Transport {
  UDP(false, false, 5060),
  TCP(true, false, 5060),
  TLS(true, true, 5061),
  WS(true, false, 80),
  WSS(true, true, 443);

  private final boolean reliable;
  private final boolean secure;
  private final int defaultPort;

  Transport(boolean reliable, boolean secure, int defaultPort) {
    this.reliable = reliable;
    this.secure = secure;
    this.defaultPort = defaultPort;
  }

  /** Whether the transport itself delivers reliably: no retransmissions (RFC 3261 §17.1.1.2). */
  public boolean reliable() {
    return reliable;
  }

  /** Whether the transport is protected by TLS: the only kind a {@code sips:} hop may use. */
  public boolean secure() {
    return secure;
  }

  /** The port used when a URI names none (RFC 3261 §19.1.2; RFC 7118 uses the HTTP ports). */
  public int defaultPort() {
    return defaultPort;
  }

  /** The Via transport token: {@code UDP}, {@code TCP}, {@code TLS}, {@code WS}, {@code WSS}. */
  public String viaName() {
    return name();
  }

  /** The {@code transport} URI parameter value: {@code udp}, {@code tcp}, {@code tls}... */
  public String uriParameter() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The transport named by a Via token or URI parameter, case-insensitively. */
  public static Optional<Transport> fromName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (Transport t : values()) {
      if (t.name().equalsIgnoreCase(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
