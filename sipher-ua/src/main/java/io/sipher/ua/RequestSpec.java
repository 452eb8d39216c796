package io.sipher.ua;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.header.Address;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.Via;
import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.Uri;
import io.sipher.stack.transport.Addresses;
import io.sipher.stack.transport.Flow;
import java.util.ArrayList;
import java.util.List;

/**
 * A request the UA sends, kept so that it can be sent again: with credentials after a 401 or 407
 * (RFC 3261 §22.2: the same Call-ID, From tag and target, the CSeq one higher) or as the next
 * refresh of a registration (§10.2.4). Each {@link #render} makes a new branch.
 *
 * <p>Not thread-safe: whoever owns the exchange (a registration, a call) renders it.
 */
final class RequestSpec {
  private final String method;
  private final Uri requestUri;
  private final List<Address> routes;
  private final Address from;
  private final Address to;
  private final String callId;
  private final List<HeaderField> headers = new ArrayList<>();
  private final List<HeaderField> credentials = new ArrayList<>();
  private long cseq;
  private MediaType contentType;
  private byte[] body;
  private SipRequest lastRendered;

  RequestSpec(
      String method,
      Uri requestUri,
      List<Address> routes,
      Address from,
      Address to,
      String callId,
      long cseq) {
    this.method = method;
    this.requestUri = requestUri;
    this.routes = List.copyOf(routes);
    this.from = from;
    this.to = to;
    this.callId = callId;
    this.cseq = cseq;
  }

  String method() {
    return method;
  }

  Uri requestUri() {
    return requestUri;
  }

  String callId() {
    return callId;
  }

  Address from() {
    return from;
  }

  Address to() {
    return to;
  }

  long cseq() {
    return cseq;
  }

  /** The next request in this Call-ID gets the next CSeq (§8.1.1.5, §10.2.4, §22.2). */
  void nextCSeq() {
    cseq++;
  }

  RequestSpec header(HeaderName name, String value) {
    headers.add(HeaderField.of(name, value));
    return this;
  }

  /** Replaces every header of that name (a refresh changes Expires, say). */
  RequestSpec replaceHeader(HeaderName name, String value) {
    headers.removeIf(f -> f.name().equals(name));
    return header(name, value);
  }

  RequestSpec body(MediaType type, byte[] content) {
    this.contentType = type;
    this.body = content;
    return this;
  }

  byte[] body() {
    return body;
  }

  /**
   * Authorization or Proxy-Authorization fields for the next render (§22.2, §22.3), replacing
   * earlier ones of the same name only: a 401 after a 407 needs both.
   */
  void credentials(List<HeaderField> fields) {
    for (HeaderField f : fields) {
      credentials.removeIf(c -> c.name().equals(f.name()));
    }
    credentials.addAll(fields);
  }

  /** The request as it goes out on {@code flow}, with a new branch. */
  SipRequest render(Flow flow, String branch, String userAgent) {
    SipRequest.Editor e = SipRequest.create(method, requestUri);
    e.pushVia(via(flow, branch));
    for (Address r : routes) {
      e.add(HeaderName.ROUTE, r.toString());
    }
    e.add(HeaderName.MAX_FORWARDS, "70");
    e.add(HeaderName.FROM, from.toString());
    e.add(HeaderName.TO, to.toString());
    e.add(HeaderName.CALL_ID, callId);
    e.add(HeaderName.CSEQ, cseq + " " + method);
    for (HeaderField f : headers) {
      e.add(f);
    }
    for (HeaderField f : credentials) {
      e.add(f);
    }
    e.add(HeaderName.USER_AGENT, userAgent);
    if (body != null) {
      e.body(contentType, body);
    }
    lastRendered = e.build();
    return lastRendered;
  }

  /** The request as last sent, with its credentials: the one its final response answers. */
  SipRequest lastRendered() {
    return lastRendered;
  }

  /**
   * Our Via for {@code flow}: its transport and local address, with {@code rport} (RFC 3581 §3) so
   * that a server behind which we sit answers to where the request came from.
   */
  static Via via(Flow flow, String branch) {
    HostPort sentBy =
        HostPort.of(
            Addresses.host(flow.localAddress().getAddress()), flow.localAddress().getPort());
    return Via.of(flow.transport().name(), sentBy, branch).withParameter("rport", null);
  }
}
