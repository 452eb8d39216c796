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
        // A sip: target is allowed from a TLS phone: our hop is TLS, the rest is the server's.
        return SipUri.parse(target);
      }
      HostPort domain = config.aor().hostPort();
      return SipUri.of(config.secure(), target, domain);
    } catch (RuntimeException e) {
      throw new UaCliException(target + " is not a SIP URI or a user name");
    }
  }
}
