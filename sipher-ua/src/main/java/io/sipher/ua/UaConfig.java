package io.sipher.ua;

import io.sipher.message.uri.SipUri;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TransportConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a {@link UserAgent} needs, fixed for its life.
 *
 * <table>
 *   <caption>Settings and their defaults</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code aor}</td><td>(required)</td><td>the address-of-record: From of every
 *       request, To of REGISTER; {@code sips:} makes every hop TLS (RFC 3261 §26.2.2)</td></tr>
 *   <tr><td>{@code server}</td><td>(required)</td><td>where every request goes: the registrar
 *       and outbound proxy, with the domain its TLS certificate must prove (RFC 5922)</td></tr>
 *   <tr><td>{@code authUser}, {@code password}</td><td>the AoR's user; none</td><td>digest
 *       credentials (RFC 3261 §22); without a password challenges end the request</td></tr>
 *   <tr><td>{@code transport}</td><td>{@link TransportConfig#DEFAULTS}</td><td>trust anchors, an
 *       optional client certificate (mutual TLS), limits</td></tr>
 *   <tr><td>{@code listeners}</td><td>none</td><td>ports to accept requests on; without any the
 *       UA is reached over the flow it registered on (RFC 5626), as behind NAT</td></tr>
 *   <tr><td>{@code registerExpires}</td><td>600 s</td><td>the registration lifetime asked
 *       for; refreshed before it ends</td></tr>
 *   <tr><td>{@code keepAliveInterval}</td><td>from the registrar's Flow-Timer, else 95-120 s
 *       (RFC 5626 §4.4.1)</td><td>CRLF pings on the registered flow; null: that default</td></tr>
 *   <tr><td>{@code instanceId}</td><td>a new {@code urn:uuid}</td><td>this device, across
 *       restarts if the caller keeps it (RFC 5626 §4.1)</td></tr>
 *   <tr><td>{@code userAgent}</td><td>{@code sipher}</td><td>the User-Agent header</td></tr>
 *   <tr><td>{@code sipContact}</td><td>false</td><td>register a {@code sip:} Contact (over
 *       TLS) even for a {@code sips:} AoR: phones that cannot use {@code sips:} URIs can then
 *       call us, and {@code sips:} calls cannot (RFC 5630 §3.1.3)</td></tr>
 * </table>
 */
public record UaConfig(
    SipUri aor,
    String displayName,
    String authUser,
    String password,
    Destination server,
    TransportConfig transport,
    List<ListenerConfig> listeners,
    Duration registerExpires,
    Duration keepAliveInterval,
    String instanceId,
    String userAgent,
    boolean sipContact) {

  public UaConfig {
    Objects.requireNonNull(aor, "aor");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(transport, "transport");
    listeners = List.copyOf(listeners);
    if (authUser == null) {
      authUser = aor.decodedUser();
    }
    if (registerExpires == null) {
      registerExpires = Duration.ofSeconds(600);
    }
    if (registerExpires.toSeconds() < 1) {
      throw new IllegalArgumentException("registerExpires must be at least one second");
    }
    if (instanceId == null) {
      instanceId = "urn:uuid:" + UUID.randomUUID();
    }
    if (userAgent == null) {
      userAgent = "sipher";
    }
  }

  /** Whether every hop must be TLS: the AoR is a {@code sips:} URI (RFC 3261 §26.2.2). */
  public boolean secure() {
    return aor.isSecure();
  }

  @Override
  public String toString() {
    // Never the password.
    return "UaConfig[aor=" + aor + ", server=" + server + ", authUser=" + authUser + "]";
  }

  public static Builder builder(SipUri aor, Destination server) {
    return new Builder(aor, server);
  }

  /** Builds a {@link UaConfig}; unset settings take the defaults in the table above. */
  public static final class Builder {
    private final SipUri aor;
    private final Destination server;
    private String displayName;
    private String authUser;
    private String password;
    private TransportConfig transport = TransportConfig.DEFAULTS;
    private List<ListenerConfig> listeners = List.of();
    private Duration registerExpires;
    private Duration keepAliveInterval;
    private String instanceId;
    private String userAgent;
    private boolean sipContact;

    private Builder(SipUri aor, Destination server) {
      this.aor = aor;
      this.server = server;
    }

    public Builder displayName(String v) {
      this.displayName = v;
      return this;
    }

    public Builder credentials(String user, String password) {
      this.authUser = user;
      this.password = password;
      return this;
    }

    public Builder password(String v) {
      this.password = v;
      return this;
    }

    public Builder transport(TransportConfig v) {
      this.transport = v;
      return this;
    }

    public Builder listeners(List<ListenerConfig> v) {
      this.listeners = v;
      return this;
    }

    public Builder registerExpires(Duration v) {
      this.registerExpires = v;
      return this;
    }

    public Builder keepAliveInterval(Duration v) {
      this.keepAliveInterval = v;
      return this;
    }

    public Builder instanceId(String v) {
      this.instanceId = v;
      return this;
    }

    public Builder userAgent(String v) {
      this.userAgent = v;
      return this;
    }

    public Builder sipContact(boolean v) {
      this.sipContact = v;
      return this;
    }

    public UaConfig build() {
      return new UaConfig(
          aor,
          displayName,
          authUser,
          password,
          server,
          transport,
          listeners,
          registerExpires,
          keepAliveInterval,
          instanceId,
          userAgent,
          sipContact);
    }
  }
}
