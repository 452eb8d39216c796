package io.sipher.message.validate;

import io.sipher.message.header.MediaType;
import java.util.List;
import java.util.Set;

/**
 * What the server that validates a request understands and which roles it plays, since the checks
 * of RFC 3261 depend on both: a proxy refuses unknown Proxy-Require tags and answers Max-Forwards 0
 * (§16.3), a UAS refuses unknown Require tags and bodies it cannot read (§8.2), a registrar insists
 * on a SIP address of record (§10.3).
 *
 * @param uriSchemes Request-URI schemes the server serves; others get 416 (§8.2.2.1)
 * @param extensions option tags the server supports; others in Require get 420 (§8.2.2.3)
 * @param proxyExtensions option tags supported for Proxy-Require (§16.3 item 5)
 * @param sessionBodyTypes body types the server reads in INVITE, UPDATE, PRACK and ACK; others get
 *     415 (§8.2.3)
 * @param proxy whether the server forwards requests (Proxy-Require, Max-Forwards checks)
 * @param userAgentServer whether the server answers sessions itself (Require, content checks)
 * @param registrar whether the server handles REGISTER (address-of-record and Contact checks)
 * @param authenticates whether credentials in a scheme other than Digest get a fresh challenge
 */
public record ValidationPolicy(
    Set<String> uriSchemes,
    Set<String> extensions,
    Set<String> proxyExtensions,
    List<MediaType> sessionBodyTypes,
    boolean proxy,
    boolean userAgentServer,
    boolean registrar,
    boolean authenticates) {

  /**
   * sipher's server: registrar, proxy and user agent server at once, supporting Path (RFC 3327) and
   * Outbound (RFC 5626), authenticating with Digest.
   */
  public static final ValidationPolicy SERVER =
      new ValidationPolicy(
          Set.of("sip", "sips", "tel"),
          Set.of("path", "outbound"),
          Set.of(),
          List.of(
              MediaType.SDP,
              MediaType.parse("multipart/mixed"),
              MediaType.parse("multipart/alternative")),
          true,
          true,
          true,
          true);

  public ValidationPolicy {
    uriSchemes = Set.copyOf(uriSchemes);
    extensions = lower(extensions);
    proxyExtensions = lower(proxyExtensions);
    sessionBodyTypes = List.copyOf(sessionBodyTypes);
  }

  private static Set<String> lower(Set<String> tags) {
    return Set.copyOf(tags.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).toList());
  }
}
