package io.sipher.cli.ua;

import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.SipUri;
import io.sipher.ua.UaConfig;

/** Whom a command talks to: a SIP URI, or a bare user name in our own domain. */
final class Targets {
  private Targets() {}

  static SipUri parse(String target, UaConfig config) {
    try {
      if (target.startsWith("sip:") || target.startsWith("sips:")) {
        SipUri u = SipUri.parse(target);
        if (config.secure() && !u.isSecure()) {
          // RFC 3261 §26.2.2: from a sips: AoR we keep every hop TLS.
          throw new UaCliException(target + " is not a sips: URI; a TLS phone calls sips: only");
        }
        return u;
      }
      HostPort domain = config.aor().hostPort();
      return SipUri.of(config.secure(), target, domain);
    } catch (UaCliException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UaCliException(target + " is not a SIP URI or a user name");
    }
  }
}
