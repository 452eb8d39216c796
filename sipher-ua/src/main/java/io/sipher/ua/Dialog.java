package io.sipher.ua;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.Contact;
import io.sipher.message.uri.SipUri;
import io.sipher.message.uri.Uri;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The state of one dialog (RFC 3261 §12): its identifiers, the sequence numbers both ways, the
 * remote target and the route set, and whether it is secure. It builds the requests sent inside it
 * (§12.2.1.1) and checks those received (§12.2.2).
 *
 * <p>Not thread-safe: the {@link Call} that owns it guards it.
 */
final class Dialog {
  private final String callId;
  private final String localTag;
  private final Address localParty;
  private final Address remoteParty; // without its tag
  private final boolean secure;
  private String remoteTag;
  private Uri remoteTarget;
  private List<Address> routeSet;
  private long localSeq;
  private long remoteSeq = -1; // §12.1.2: empty until the peer sends a request
  private boolean confirmed;

  private Dialog(
      String callId,
      String localTag,
      String remoteTag,
      Address localParty,
      Address remoteParty,
      boolean secure) {
    this.callId = callId;
    this.localTag = localTag;
    this.remoteTag = remoteTag;
    this.localParty = localParty;
    this.remoteParty = remoteParty;
    this.secure = secure;
  }

  /**
   * The UAC's dialog from a response with a To tag to its INVITE (§12.1.2): the route set is the
   * Record-Route of the response in reverse, the remote target its Contact; a 1xx makes it early.
   */
  static Dialog asUac(SipRequest invite, SipResponse response) {
    Dialog d =
        new Dialog(
            invite.callId(),
            invite.from().tag(),
            response.to().tag(),
            invite.from().withoutParameter("tag"),
            invite.to().withoutParameter("tag"),
            invite.requestUri() instanceof SipUri u && u.isSecure());
    d.localSeq = invite.cseq().sequence();
    List<Address> routes = new ArrayList<>(response.recordRoutes());
    Collections.reverse(routes);
    d.routeSet = List.copyOf(routes);
    d.remoteTarget = contactUri(response, invite.requestUri());
    d.confirmed = response.statusCode() >= 200;
    return d;
  }

  /**
   * The UAS's dialog from a dialog-forming request (§12.1.1): the route set is its Record-Route in
   * order, the remote target its Contact, the remote sequence its CSeq; secure when it came over
   * TLS with a {@code sips:} Request-URI.
   */
  static Dialog asUas(SipRequest request, String localTag, boolean overTls) {
    Dialog d =
        new Dialog(
            request.callId(),
            localTag,
            request.from().tag(),
            request.to().withoutParameter("tag"),
            request.from().withoutParameter("tag"),
            overTls && request.requestUri() instanceof SipUri u && u.isSecure());
    d.routeSet = List.copyOf(request.recordRoutes());
    d.remoteTarget = contactUri(request, null);
    d.remoteSeq = request.cseq().sequence();
    d.localSeq = 0;
    return d;
  }

  private static Uri contactUri(SipMessage m, Uri fallback) {
    List<Contact> contacts = m.contacts();
    if (contacts.isEmpty() || contacts.get(0).address() == null) {
      return fallback;
    }
    return contacts.get(0).address().uri();
  }

  /** A 2xx confirms an early dialog; its Contact and route set are the final ones (§12.1.2). */
  void confirm(SipResponse ok) {
    confirmed = true;
    List<Address> routes = new ArrayList<>(ok.recordRoutes());
    Collections.reverse(routes);
    routeSet = List.copyOf(routes);
    remoteTarget = contactUri(ok, remoteTarget);
  }

  /** A target refresh (re-INVITE, or its 2xx) moves the remote target (§12.2.1.2, §12.2.2). */
  void refreshTarget(SipMessage m) {
    remoteTarget = contactUri(m, remoteTarget);
  }

  String callId() {
    return callId;
  }

  String localTag() {
    return localTag;
  }

  String remoteTag() {
    return remoteTag;
  }

  boolean secure() {
    return secure;
  }

  boolean confirmed() {
    return confirmed;
  }

  Uri remoteTarget() {
    return remoteTarget;
  }

  long localSeq() {
    return localSeq;
  }

  /** Our last CSeq, for a dialog made by the peer's request after ours (RFC 6665 §4.1.2.4). */
  void localSequence(long cseq) {
    localSeq = Math.max(localSeq, cseq);
  }

  /**
   * §12.2.2: a request whose CSeq is lower than the last one is out of order (500); otherwise the
   * remote sequence moves on. Returns whether to accept it.
   */
  boolean acceptRemoteSequence(long cseq) {
    if (remoteSeq >= 0 && cseq < remoteSeq) {
      return false;
    }
    remoteSeq = cseq;
    return true;
  }

  /**
   * A new request in this dialog (§12.2.1.1): To with the remote tag, From with ours, the next
   * local CSeq, and the Request-URI and Route from the remote target and route set. A first route
   * without {@code lr} is a strict router: it becomes the Request-URI and the remote target goes
   * last in Route.
   */
  RequestSpec request(String method) {
    long cseq = method.equals("ACK") || method.equals("CANCEL") ? localSeq : ++localSeq;
    return request(method, cseq);
  }

  /** As {@link #request(String)} with the CSeq given: an ACK carries the INVITE's (§13.2.2.4). */
  RequestSpec request(String method, long cseq) {
    Uri requestUri = remoteTarget;
    List<Address> routes = routeSet;
    if (!routeSet.isEmpty()
        && routeSet.get(0).uri() instanceof SipUri first
        && !first.parameters().contains("lr")) {
      requestUri = first.withoutHeaders();
      List<Address> rest = new ArrayList<>(routeSet.subList(1, routeSet.size()));
      rest.add(Address.of(remoteTarget));
      routes = rest;
    }
    return new RequestSpec(
        method,
        requestUri,
        routes,
        localParty.withTag(localTag),
        remoteTag == null ? remoteParty : remoteParty.withTag(remoteTag),
        callId,
        cseq);
  }
}
