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

  private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");
  private static final Set<String> EXTENSIONS = Set.of("path", "outbound");
  private static final List<MediaType> SESSION_BODIES =
      List.of(
          MediaType.SDP,
          MediaType.parse("multipart/mixed"),
          MediaType.parse("multipart/alternative"));

  /**
   * For a request sipher will forward: the checks of RFC 3261 §16.3 (Proxy-Require, Max-Forwards)
   * on top of well-formedness. Require and bodies are the final recipient's business (§20.32).
   */
  public static final ValidationPolicy FORWARDING =
      new ValidationPolicy(SCHEMES, EXTENSIONS, Set.of(), SESSION_BODIES, true, false, false, true);

  /**
   * For a request addressed to sipher itself (a REGISTER, an OPTIONS to the server): the UAS and
   * registrar checks of §8.2 and §10.3, supporting Path (RFC 3327) and Outbound (RFC 5626).
   */
  public static final ValidationPolicy LOCAL =
      new ValidationPolicy(SCHEMES, EXTENSIONS, Set.of(), SESSION_BODIES, false, true, true, true);

  /**
   * Every check of every role at once: what {@code sipher lint} applies, since a file says nothing
   * about where the request is going. Stricter than any one server decision.
   */
  public static final ValidationPolicy STRICT =
      new ValidationPolicy(SCHEMES, EXTENSIONS, Set.of(), SESSION_BODIES, true, true, true, true);

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
