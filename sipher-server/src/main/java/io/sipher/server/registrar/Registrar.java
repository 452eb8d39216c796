package io.sipher.server.registrar;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.Contact;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.uri.SipUri;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The registrar of RFC 3261 §10.3, with outbound (RFC 5626 §6) and Path (RFC 3327 §5.3). It gets a
 * REGISTER that is for one of the server's domains and already authenticated, and returns the
 * response to send; the bindings it keeps are in a {@link LocationService}.
 */
public final class Registrar {

  /** RFC 3261 §20.17: rfc1123-date with a two-digit day, always GMT. */
  private static final DateTimeFormatter SIP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

  private final LocationService location;
  private final RegistrarConfig config;
  private final Clock clock;

  public Registrar(LocationService location, RegistrarConfig config, Clock clock) {
    this.location = location;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The canonical form of an address-of-record (§10.3 step 5): scheme {@code sip}, user and host,
   * host in lower case, no port, parameters or headers. A {@code sips:} AOR is the same resource as
   * the {@code sip:} one (RFC 5630 §3.1.3), so both map to one key.
   */
  public static String canonicalAor(SipUri uri) {
    // §19.1.4: escaped and unescaped characters are the same: sip:%61lice@ is sip:alice@.
    String user = uri.user() == null ? "" : uri.decodedUser() + "@";
    return "sip:" + user + uri.host().toLowerCase(Locale.ROOT);
  }

  /** Processes a REGISTER (§10.3 steps 4 to 8) and returns the response. */
  public SipResponse register(SipRequest request, RegistrationContext context) {
    try {
      return process(request, context);
    } catch (SipParseException e) {
      return answer(request, 400, "Bad Request (" + e.getMessage() + ")").build();
    }
  }

  /** Thrown inside an update to abort it with a response. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SipResponse response;

    Refusal(SipResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  private SipResponse process(SipRequest request, RegistrationContext context) {
    if (!(request.to().uri() instanceof SipUri toUri) || toUri.user() == null) {
      return answer(request, 404, "Not Found (the To header names no user)").build();
    }
    if (!(request.requestUri() instanceof SipUri ruri)
        || !ruri.host().equalsIgnoreCase(toUri.host())) {
      // §10.3 step 5: the AOR must belong to the domain of the Request-URI.
      return answer(request, 404, "Not Found (the To domain is not the Request-URI's)").build();
    }
    String aor = canonicalAor(toUri);
    // §10.3 step 4: may this user change this AOR's bindings? Here: only its own.
    if (context.authenticatedUser() != null
        && !context.authenticatedUser().equals(toUri.decodedUser())) {
      return answer(
              request,
              403,
              "Forbidden (" + context.authenticatedUser() + " cannot register " + aor + ")")
          .build();
    }
    List<Contact> contacts = request.contacts();
    List<Address> path = request.all(SipHeaders.PATH);
    String refused = checkSips(ruri, contacts, path);
    if (refused != null) {
      return answer(request, 400, refused).build();
    }
    long headerExpires = request.first(SipHeaders.EXPIRES).orElse(-1L);
    String callId = request.callId();
    long cseq = request.cseq().sequence();
    Instant now = clock.instant();
    boolean outbound = false;

    List<Binding> wanted = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    boolean wildcard = contacts.stream().anyMatch(Contact::isWildcard);
    if (wildcard) {
      // §10.3 step 6: "*" only alone and only with Expires: 0.
      if (contacts.size() != 1 || headerExpires != 0) {
        return answer(request, 400, "Bad Request (Contact * needs Expires: 0 and no other Contact)")
            .build();
      }
    }
    for (Contact c : wildcard ? List.<Contact>of() : contacts) {
      if (!(c.address().uri() instanceof SipUri contactUri)) {
        return answer(request, 400, "Bad Request (only sip and sips Contacts can be registered)")
            .build();
      }
      long asked = c.expires() >= 0 ? c.expires() : headerExpires;
      long expires = asked >= 0 ? asked : config.defaultExpires().toSeconds();
      if (expires != 0 && expires < config.minExpires().toSeconds()) {
        return answer(request, 423, null)
            .add(HeaderName.MIN_EXPIRES, Long.toString(config.minExpires().toSeconds()))
            .build();
      }
      expires = Math.min(expires, config.maxExpires().toSeconds());
      String instance = c.instance();
      int regId = Math.max(0, c.regId());
      if (regId > 0) {
        if (instance == null) {
          return answer(request, 400, "Bad Request (reg-id without +sip.instance)").build();
        }
        if (!path.isEmpty() && !firstPathHasOb(path)) {
          // RFC 5626 §6: the edge proxy in front of us did not do outbound.
          return answer(request, 439, "First Hop Lacks Outbound Support").build();
        }
        outbound = true;
      }
      int q = c.q() < 0 ? 1000 : Math.round(c.q() * 1000);
      Binding b =
          new Binding(
              aor,
              ContactKeys.normalized(contactUri),
              q,
              now.plusSeconds(expires),
              callId,
              cseq,
              instance,
              regId,
              path.stream().map(Address::toString).toList(),
              context.flowToken(),
              context.transport(),
              context.source(),
              request.headers().firstValue(HeaderName.USER_AGENT),
              now);
      if (expires == 0) {
        removed.add(b.key());
      } else {
        wanted.add(b);
      }
    }
    boolean usedOutbound = outbound;
    try {
      List<Binding> current =
          location.update(
              aor,
              m -> {
                if (wildcard) {
                  for (Binding b : m.values()) {
                    refuseOutOfOrder(request, b, callId, cseq);
                  }
                  m.clear();
                }
                for (String key : removed) {
                  Binding b = m.get(key);
                  if (b != null) {
                    refuseOutOfOrder(request, b, callId, cseq);
                    m.remove(key);
                  }
                }
                for (Binding b : wanted) {
                  Binding old = m.get(b.key());
                  if (old != null) {
                    refuseOutOfOrder(request, old, callId, cseq);
                  }
                  m.put(b.key(), b);
                }
                // §10.3 step 8 lists current bindings only: lapsed ones go now, not at the sweep.
                m.values().removeIf(b -> b.expiredAt(now));
                if (m.size() > config.maxContactsPerAor()) {
                  // Bounds memory, the store, and how far one INVITE can fork (RFC 5393 §4).
                  throw new Refusal(
                      answer(
                              request,
                              403,
                              "Forbidden (at most "
                                  + config.maxContactsPerAor()
                                  + " contacts per address-of-record)")
                          .build());
                }
                return List.copyOf(m.values());
              });
      return ok(request, current, path, usedOutbound, now);
    } catch (Refusal r) {
      return r.response;
    }
  }

  /**
   * §10.3 step 7: a binding last set by the same Call-ID may only be changed by a higher CSeq;
   * otherwise the REGISTER is out of order (a retransmission or a reordered request) and the whole
   * update is aborted.
   */
  private static void refuseOutOfOrder(SipRequest request, Binding b, String callId, long cseq) {
    if (b.callId() != null && b.callId().equals(callId) && cseq <= b.cseq()) {
      throw new Refusal(
          answer(request, 400, "Bad Request (CSeq not higher than the binding's, §10.3)").build());
    }
  }

  /**
   * RFC 5630 §3.1.3 and the registrar rule this server applies: a SIPS Contact is accepted only
   * when the Request-URI, every Contact and every Path entry are SIPS, so that requests for it can
   * travel TLS on every hop.
   */
  private static String checkSips(SipUri ruri, List<Contact> contacts, List<Address> path) {
    boolean anySips =
        contacts.stream()
            .anyMatch(
                c -> !c.isWildcard() && c.address().uri() instanceof SipUri u && u.isSecure());
    if (!anySips) {
      return null;
    }
    boolean allSips =
        ruri.isSecure()
            && contacts.stream()
                .allMatch(c -> c.address().uri() instanceof SipUri u && u.isSecure())
            && path.stream().allMatch(p -> p.uri() instanceof SipUri u && u.isSecure());
    return allSips
        ? null
        : "Bad Request (a SIPS Contact needs a SIPS Request-URI, Contacts and Path)";
  }

  private static boolean firstPathHasOb(List<Address> path) {
    return path.get(0).uri() instanceof SipUri u && u.parameters().contains("ob");
  }

  /** §10.3 step 8: 200 with every current binding and its remaining lifetime. */
  private SipResponse ok(
      SipRequest request,
      List<Binding> current,
      List<Address> path,
      boolean outbound,
      Instant now) {
    SipResponse.Editor e = answer(request, 200, null);
    for (Binding b : current) {
      long left = Math.max(0, Duration.between(now, b.expires()).toSeconds());
      StringBuilder v = new StringBuilder().append('<').append(b.contactUri()).append(">;expires=");
      v.append(left);
      if (b.qMillis() != 1000) {
        v.append(";q=")
            .append(b.qMillis() / 1000)
            .append('.')
            .append(String.format("%03d", b.qMillis() % 1000));
      }
      if (b.instanceId() != null) {
        v.append(";+sip.instance=\"<").append(b.instanceId()).append(">\"");
      }
      if (b.regId() > 0) {
        v.append(";reg-id=").append(b.regId());
      }
      e.add(HeaderName.CONTACT, v.toString());
    }
    if (outbound) {
      e.add(HeaderName.REQUIRE, "outbound"); // RFC 5626 §6
    }
    boolean pathSupported =
        request.all(SipHeaders.SUPPORTED).stream().anyMatch(t -> t.equalsIgnoreCase("path"));
    if (pathSupported) {
      for (HeaderField f : request.headers().all(HeaderName.PATH)) {
        e.add(f); // RFC 3327 §5.3: the stored Path vector, back to the UA
      }
    }
    e.add(HeaderName.DATE, SIP_DATE.format(now.atZone(ZoneOffset.UTC)));
    return e.build();
  }

  static SipResponse.Editor answer(SipRequest request, int code, String reason) {
    return SipResponse.forRequest(request, code, reason).toTagIfMissing();
  }

  /** The bindings an AOR has now, for listings and tests. */
  public List<Binding> bindings(String aor) {
    return location.lookup(aor, token -> true);
  }
}
