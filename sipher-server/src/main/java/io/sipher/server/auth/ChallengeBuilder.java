package io.sipher.server.auth;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.message.header.Address;
import io.sipher.message.header.Challenge;
import io.sipher.message.header.HeaderName;
import io.sipher.message.uri.Parameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds 401 (WWW-Authenticate, from a registrar or other UAS, RFC 3261 §22.2) and 407
 * (Proxy-Authenticate, from a proxy, §22.3) responses with one Digest challenge per configured
 * algorithm, in the configured order (RFC 8760 §2.4: the client uses the first it supports).
 */
final class ChallengeBuilder {
  private final AuthConfig config;
  private final Nonces nonces;
  private final KeyedHash tagKey;

  ChallengeBuilder(AuthConfig config, Nonces nonces, byte[] secret) {
    this.config = config;
    this.nonces = nonces;
    this.tagKey = new KeyedHash(secret, "sipher digest to-tag v1");
  }

  /**
   * The challenge response to {@code request}.
   *
   * @param stale whether the client's credentials were right but built on an expired (or no longer
   *     usable) nonce: with {@code stale=true} it retries at once without asking its user (RFC 7616
   *     §3.3)
   */
  SipResponse build(SipRequest request, String realm, boolean proxy, boolean stale, long now) {
    SipResponse.Editor response = responseTo(request, proxy ? 407 : 401, null);
    HeaderName header = proxy ? HeaderName.PROXY_AUTHENTICATE : HeaderName.WWW_AUTHENTICATE;
    // One header field per challenge: these headers are not comma lists (RFC 3261 §20.27, §20.44).
    for (DigestAlgorithm algorithm : config.algorithms()) {
      response.add(header, format(challenge(realm, algorithm, stale, now).parameters(), "Digest "));
    }
    return response.build();
  }

  /**
   * One challenge. Each algorithm gets its own nonce, bound to it (see {@link Nonces}). RFC 3261
   * §22.4 item 8: servers MUST always send {@code qop}; we offer only {@code auth} (integrity
   * protection of bodies, {@code auth-int}, is not worth its cost over TLS).
   */
  Challenge challenge(String realm, DigestAlgorithm algorithm, boolean stale, long now) {
    String nonce = nonces.issue(realm, algorithm, now);
    List<Parameters.Parameter> p = new ArrayList<>(6);
    p.add(new Parameters.Parameter("realm", realm, true));
    p.add(new Parameters.Parameter("nonce", nonce, true));
    if (config.sendOpaque()) {
      p.add(new Parameters.Parameter("opaque", nonces.opaque(realm), true));
    }
    p.add(new Parameters.Parameter("algorithm", algorithm.token(), false));
    p.add(new Parameters.Parameter("qop", "auth", true));
    if (stale) {
      p.add(new Parameters.Parameter("stale", "true", false));
    }
    return new Challenge("Digest", Parameters.of(p));
  }

  /** A final response to {@code request}, with a To tag added when it had none. */
  SipResponse.Editor responseTo(SipRequest request, int code, String reasonPhrase) {
    SipResponse.Editor response = SipResponse.forRequest(request, code, reasonPhrase);
    addToTag(request, response);
    return response;
  }

  /**
   * RFC 3261 §8.2.6.2: a final response gets a To tag when the request had none. The tag is a keyed
   * hash of what identifies the request (top Via branch, Call-ID, From tag, CSeq), so that a
   * retransmission answered statelessly (§8.2.7) gets the same tag, and nobody without the secret
   * can predict it (§19.3).
   */
  private void addToTag(SipRequest request, SipResponse.Editor response) {
    Address to;
    try {
      to = request.to();
    } catch (RuntimeException unparseable) {
      return; // copied as it came; the transport refuses such requests before they get here
    }
    if (to.tag() != null) {
      return;
    }
    byte[] mac;
    try {
      mac =
          tagKey.sign(
              bytes(String.valueOf(request.topVia().branch())),
              bytes(request.callId()),
              bytes(String.valueOf(request.from().tag())),
              bytes(String.valueOf(request.cseq())));
    } catch (RuntimeException unparseable) {
      mac = tagKey.sign(bytes(request.startLine())); // keyed, so still unguessable by others
    }
    String tag = HexFormat.of().formatHex(Arrays.copyOf(mac, 8));
    response.set(HeaderName.TO, to.withTag(tag).toString());
  }

  /**
   * {@code prefix name=value, name=value}: comma and space between parameters, as in every example
   * of RFC 3261 and RFC 7616. The grammar allows a bare comma, but some deployed phones split on ",
   * ".
   */
  static String format(Parameters parameters, String prefix) {
    StringBuilder sb = new StringBuilder(200).append(prefix);
    String sep = "";
    for (Parameters.Parameter p : parameters) {
      sb.append(sep).append(p.name()).append('=');
      if (p.quoted()) {
        Parameters.appendQuoted(sb, p.value());
      } else {
        sb.append(p.value());
      }
      sep = ", ";
    }
    return sb.toString();
  }

  /** UTF-8 with a NUL terminator, so that concatenated parts cannot run into each other. */
  private static byte[] bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(b, b.length + 1);
  }
}
