package io.sipher.stack.transaction;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.testing.Wire;
import io.sipher.message.uri.SipUri;

/** Requests and responses for the transaction tests, built with the codec's own API. */
final class Messages {
  static final String CALL_ID = "a84b4c76e66710@client.example.com";
  static final String ROUTE = "<sip:p1.example.com;lr>";

  private Messages() {}

  /** A request from client.example.com:5060 over UDP with the given top Via branch. */
  static SipRequest request(String method, String branch) {
    return request(method, branch, "client.example.com:5060", 314159);
  }

  static SipRequest request(String method, String branch, String sentBy, long cseq) {
    return SipRequest.create(method, SipUri.parse("sip:bob@example.com"))
        .add(HeaderName.VIA, "SIP/2.0/UDP " + sentBy + ";branch=" + branch)
        .add(HeaderName.VIA, "SIP/2.0/UDP origin.example.com;branch=z9hG4bK-origin")
        .add(HeaderName.MAX_FORWARDS, "70")
        .add(HeaderName.ROUTE, ROUTE)
        .add(HeaderName.TO, "Bob <sip:bob@example.com>")
        .add(HeaderName.FROM, "Alice <sip:alice@example.com>;tag=1928301774")
        .add(HeaderName.CALL_ID, CALL_ID)
        .add(HeaderName.CSEQ, cseq + " " + method)
        .add(HeaderName.CONTACT, "<sip:alice@client.example.com>")
        .build();
  }

  static SipRequest invite(String branch) {
    return request("INVITE", branch);
  }

  /** A response to {@code request}; {@code toTag} null leaves the To field as the request's. */
  static SipResponse response(SipRequest request, int code, String toTag) {
    SipResponse.Editor r = SipResponse.forRequest(request, code, null);
    if (toTag != null) {
      r.set(HeaderName.TO, request.to().withTag(toTag).toString());
    }
    return r.build();
  }

  static SipResponse response(SipRequest request, int code) {
    return response(request, code, code == 100 ? null : "a6c85cf");
  }

  /** Parses a message written with '\n' line ends, as a transport would hand it over. */
  static SipMessage parse(String text) {
    return Wire.parse(text);
  }
}
