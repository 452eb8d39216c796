package io.sipher.server.registrar;

/**
 * Where a REGISTER came from, as the transport saw it.
 *
 * @param flowToken the flow it arrived on (RFC 5626): requests for an outbound binding go back over
 *     it
 * @param transport the flow's transport ({@code TLS}, {@code UDP}...)
 * @param source the packet source, {@code host:port}
 * @param authenticatedUser the digest username that authenticated the request, or null when it was
 *     not authenticated (a trusted peer)
 */
public record RegistrationContext(
    String flowToken, String transport, String source, String authenticatedUser) {}
