package io.sipher.stack.transport;

import io.sipher.pki.KeyMaterial;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The certificates a TLS or WSS listener presents, and whether it asks for the peer's.
 *
 * <p>Key material is given as suppliers (a {@code FileWatcher<KeyMaterial>}'s {@code current} fits)
 * and read again for every new handshake: when the supplier starts returning a new instance, new
 * handshakes use it while established connections keep theirs. That is how certificates are renewed
 * without a restart.
 *
 * @param defaultMaterial what is presented when the client sends no SNI or an unknown name
 * @param byServerName material per SNI host name (lower case; RFC 6066 §3), possibly empty
 * @param clientAuth whether a client certificate is requested; verified against the transport's
 *     trust anchors ({@link TransportConfig#trust()})
 */
public record TlsServerConfig(
    Supplier<KeyMaterial> defaultMaterial,
    Map<String, Supplier<KeyMaterial>> byServerName,
    ClientAuth clientAuth) {

  public TlsServerConfig {
    Objects.requireNonNull(defaultMaterial, "defaultMaterial");
    byServerName =
        byServerName.entrySet().stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
  }

  public static TlsServerConfig of(KeyMaterial material) {
    return new TlsServerConfig(() -> material, Map.of(), ClientAuth.NONE);
  }

  public TlsServerConfig withClientAuth(ClientAuth mode) {
    return new TlsServerConfig(defaultMaterial, byServerName, mode);
  }

  public TlsServerConfig withServerName(String name, Supplier<KeyMaterial> material) {
    Map<String, Supplier<KeyMaterial>> m = new java.util.HashMap<>(byServerName);
    m.put(name, material);
    return new TlsServerConfig(defaultMaterial, m, clientAuth);
  }
}
