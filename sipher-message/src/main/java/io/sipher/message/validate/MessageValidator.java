package io.sipher.message.validate;

import io.sipher.message.HeaderField;
import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.body.MultipartBody;
import io.sipher.message.header.Address;
import io.sipher.message.header.Contact;
import io.sipher.message.header.Credentials;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.Methods;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.header.TypedHeader;
import io.sipher.message.header.Via;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.SipUri;
import io.sipher.message.uri.Uri;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The checks a server makes before acting on a message (RFC 3261 §8.2 for a UAS, §16.3 for a proxy,
 * §10.3 for a registrar), each failure turned into the response to send or into a silent discard
 * for responses. The first failing check decides. Every header sipher has a typed view for is
 * parsed, so code that runs after an accepted verdict may use the typed accessors freely.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MessageValidator {
  /** Headers that may appear at most once (RFC 3261 §7.3.1: not defined as a comma list). */
  private static final List<HeaderName> SINGLE =
      List.of(
          HeaderName.FROM,
          HeaderName.TO,
          HeaderName.CALL_ID,
          HeaderName.CSEQ,
          HeaderName.MAX_FORWARDS,
          HeaderName.CONTENT_LENGTH,
          HeaderName.CONTENT_TYPE,
          HeaderName.EXPIRES);

  private static final List<HeaderName> MANDATORY =
      List.of(HeaderName.VIA, HeaderName.FROM, HeaderName.TO, HeaderName.CALL_ID, HeaderName.CSEQ);

  private final ValidationPolicy policy;

  public MessageValidator(ValidationPolicy policy) {
    this.policy = policy;
  }

  public MessageValidator() {
    this(ValidationPolicy.STRICT);
  }

  public Verdict validate(SipMessage message) {
    return message instanceof SipRequest r
        ? validateRequest(r)
        : validateResponse((SipResponse) message);
  }

  /**
   * The verdict on a request. An ACK is never answered (RFC 3261 §17), so a bad one is discarded
   * instead of rejected.
   */
  public Verdict validateRequest(SipRequest r) {
    Verdict v = checkRequest(r);
    if (v instanceof Verdict.Reject reject && r.isMethod(Methods.ACK)) {
      return new Verdict.Discard(reject.reason());
    }
    return v;
  }

  private Verdict checkRequest(SipRequest r) {
    if (!SipRequest.SIP_2_0.equalsIgnoreCase(r.version())) {
      return new Verdict.Reject(505, "Version Not Supported: " + r.version());
    }
    String structural = structuralProblem(r);
    if (structural != null) {
      return new Verdict.Reject(400, structural);
    }
    Uri uri;
    try {
      uri = r.requestUri();
    } catch (SipParseException e) {
      return new Verdict.Reject(400, "Bad Request-URI: " + e.detail());
    }
    if (uri instanceof SipUri sip && !sip.headers().isEmpty()) {
      // RFC 3261 §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11).
      return new Verdict.Reject(400, "Bad Request-URI: it must not contain headers");
    }
    String cseqMethod = r.cseq().method();
    if (!cseqMethod.equals(r.method())) {
      // RFC 4475 §3.1.2.18: an element that does not know the method answers 501.
      return Methods.isKnown(r.method())
          ? new Verdict.Reject(400, "CSeq method does not match the Request-Line")
          : new Verdict.Reject(
              501, "Not Implemented: " + r.method() + " (and CSeq method does not match)");
    }
    Via top = r.topVia();
    if (Via.MAGIC_COOKIE.equals(top.branch())) {
      return new Verdict.Reject(400, "Via branch has the magic cookie but no transaction id");
    }
    if (r.bodyLength() > 0 && !r.headers().contains(HeaderName.CONTENT_TYPE)) {
      return new Verdict.Reject(400, "Body without Content-Type");
    }
    if (!policy.uriSchemes().contains(uri.scheme())) {
      return new Verdict.Reject(416, "Unsupported URI Scheme: " + uri.scheme());
    }
    if (policy.proxy() && r.maxForwards() == 0) {
      return new Verdict.Reject(483, "Too Many Hops");
    }
    if (policy.registrar() && r.isMethod(Methods.REGISTER)) {
      Verdict v = checkRegister(r);
      if (v != null) {
        return v;
      }
    }
    Verdict ext = checkExtensions(r);
    if (ext != null) {
      return ext;
    }
    if (policy.authenticates()) {
      Verdict v = checkCredentialSchemes(r);
      if (v != null) {
        return v;
      }
    }
    if (policy.userAgentServer() && carriesSession(r.method())) {
      Verdict v = checkSessionContent(r);
      if (v != null) {
        return v;
      }
    }
    return Verdict.ACCEPT;
  }

  public Verdict validateResponse(SipResponse r) {
    if (!SipRequest.SIP_2_0.equalsIgnoreCase(r.version())) {
      return new Verdict.Discard("Version Not Supported: " + r.version());
    }
    String structural = structuralProblem(r);
    if (structural != null) {
      return new Verdict.Discard(structural);
    }
    for (Via via : r.vias()) {
      // RFC 4475 §3.3.10: never send towards a broadcast address a Via names.
      if (isBroadcast(via.sentBy().host())
          || isBroadcast(via.received())
          || isBroadcast(via.maddr())) {
        return new Verdict.Discard("Via names a broadcast address");
      }
    }
    return Verdict.ACCEPT;
  }

  /** Mandatory and single headers present, and every typed header well-formed; else why not. */
  private static String structuralProblem(SipMessage m) {
    for (HeaderName name : MANDATORY) {
      if (!m.headers().contains(name)) {
        return "Missing " + name.value() + " header";
      }
    }
    for (HeaderName name : SINGLE) {
      if (m.headers().count(name) > 1) {
        return "Multiple " + name.value() + " headers";
      }
    }
    for (TypedHeader<?> header : SipHeaders.ALL) {
      if (m.headers().contains(header.name())) {
        try {
          m.all(header);
        } catch (SipParseException e) {
          return e.reason();
        }
      }
    }
    return null;
  }

  /** RFC 3261 §10.3: the address of record must be SIP or SIPS; Contact: * stands alone. */
  private static Verdict checkRegister(SipRequest r) {
    Address to = r.to();
    if (!(to.uri() instanceof SipUri)) {
      return new Verdict.Reject(
          400,
          "Bad Request: address of record must be a sip or sips URI, not " + to.uri().scheme());
    }
    List<Contact> contacts = r.contacts();
    boolean wildcard = contacts.stream().anyMatch(Contact::isWildcard);
    if (wildcard) {
      long expires = r.first(SipHeaders.EXPIRES).orElse(-1L);
      if (contacts.size() > 1 || expires != 0) {
        return new Verdict.Reject(
            400, "Bad Request: Contact * must be alone and come with Expires: 0");
      }
    }
    return null;
  }

  /** RFC 3261 §8.2.2.3 (Require) and §16.3 item 5 (Proxy-Require): refuse unknown options. */
  private Verdict checkExtensions(SipRequest r) {
    if (r.isMethod(Methods.ACK) || r.isMethod(Methods.CANCEL)) {
      return null; // §8.2.2.3: Require is not checked on CANCEL and ACK for a non-2xx
    }
    List<String> unsupported = new ArrayList<>();
    if (policy.userAgentServer() || policy.registrar()) {
      for (String tag : r.all(SipHeaders.REQUIRE)) {
        if (!policy.extensions().contains(tag.toLowerCase(Locale.ROOT))) {
          unsupported.add(tag);
        }
      }
    }
    if (policy.proxy()) {
      for (String tag : r.all(SipHeaders.PROXY_REQUIRE)) {
        if (!policy.proxyExtensions().contains(tag.toLowerCase(Locale.ROOT))) {
          unsupported.add(tag);
        }
      }
    }
    if (unsupported.isEmpty()) {
      return null;
    }
    String list = String.join(", ", unsupported);
    return new Verdict.Reject(
        420, "Bad Extension: " + list, List.of(HeaderField.of(HeaderName.UNSUPPORTED, list)));
  }

  /**
   * Credentials in a scheme we do not speak cannot authenticate anyone: challenge afresh (RFC 4475
   * §3.3.7) rather than pass them on or reject outright.
   */
  private Verdict checkCredentialSchemes(SipRequest r) {
    if (r.isMethod(Methods.REGISTER)) {
      for (Credentials c : r.all(SipHeaders.AUTHORIZATION)) {
        if (!c.isDigest()) {
          return new Verdict.Reject(401, "Unauthorized: unsupported scheme " + c.scheme());
        }
      }
    }
    if (policy.proxy()) {
      for (Credentials c : r.all(SipHeaders.PROXY_AUTHORIZATION)) {
        if (!c.isDigest()) {
          return new Verdict.Reject(
              407, "Proxy Authentication Required: unsupported scheme " + c.scheme());
        }
      }
    }
    return null;
  }

  private static boolean carriesSession(String method) {
    return method.equals(Methods.INVITE)
        || method.equals(Methods.UPDATE)
        || method.equals(Methods.PRACK)
        || method.equals(Methods.ACK);
  }

  /** RFC 3261 §8.2.3 (415 for a body we cannot read) and §21.4.7 (406 when we cannot answer). */
  private Verdict checkSessionContent(SipRequest r) {
    if (r.bodyLength() > 0) {
      MediaType type = r.contentType().orElseThrow();
      if (type.isMultipart()) {
        try {
          MultipartBody.parse(type, r.body());
        } catch (SipParseException e) {
          return new Verdict.Reject(400, e.reason());
        }
      }
      if (policy.sessionBodyTypes().stream().noneMatch(t -> t.includes(type))) {
        String accepted =
            policy.sessionBodyTypes().stream()
                .map(MediaType::essence)
                .collect(Collectors.joining(", "));
        return new Verdict.Reject(
            415,
            "Unsupported Media Type: " + type.essence(),
            List.of(HeaderField.of(HeaderName.ACCEPT, accepted)));
      }
    }
    if (r.isMethod(Methods.INVITE) && r.headers().contains(HeaderName.ACCEPT)) {
      List<MediaType> accept = r.all(SipHeaders.ACCEPT);
      if (!accept.isEmpty() && accept.stream().noneMatch(a -> a.includes(MediaType.SDP))) {
        return new Verdict.Reject(406, "Not Acceptable: the answer would be application/sdp");
      }
    }
    return null;
  }

  private static boolean isBroadcast(String host) {
    return host != null
        && HostPort.kindOf(host) == HostPort.Kind.IPV4
        && host.equals("255.255.255.255");
  }
}
