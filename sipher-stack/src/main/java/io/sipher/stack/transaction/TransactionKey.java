package io.sipher.stack.transaction;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Via;
import io.sipher.message.uri.HostPort;

/**
 * The key under which a transaction sits in the layer's table. Client and server keys are different
 * types, so a proxy's own client transaction never matches a request it receives with the same
 * branch.
 */
sealed interface TransactionKey {

  /**
   * RFC 3261 §17.1.3: a response matches a client transaction by the branch of its top Via and the
   * method of its CSeq. The method separates a CANCEL from the INVITE it cancels, which carry the
   * same branch (§9.1).
   */
  record Client(String branch, String method) implements TransactionKey {}

  /**
   * RFC 3261 §17.2.3, for requests whose branch starts with the magic cookie: branch, the sent-by
   * of the top Via, and the method (INVITE for an ACK, which belongs to the INVITE transaction).
   */
  record Server(String branch, String sentBy, String method) implements TransactionKey {}

  /**
   * RFC 3261 §17.2.3, the fallback for RFC 2543 peers whose branch lacks the cookie: Request-URI,
   * To tag, From tag, Call-ID, CSeq number and top Via must all be equal, and the method as above.
   * The Request-URI and Via compare as written (stricter than the URI equivalence rules), which
   * retransmissions, being copies, satisfy.
   */
  record Legacy(
      String requestUri,
      String toTag,
      String fromTag,
      String callId,
      long cseq,
      String topVia,
      String method)
      implements TransactionKey {}

  /** The key of a client transaction sending {@code request}. */
  static Client client(SipRequest request) {
    String branch = request.topVia().branch();
    if (branch == null) {
      throw new IllegalArgumentException("the request's top Via has no branch (RFC 3261 §8.1.1.7)");
    }
    return new Client(branch, request.method());
  }

  /** The key of the client transaction a response belongs to, or null when it has no branch. */
  static Client client(SipResponse response) {
    String branch = response.topVia().branch();
    return branch == null ? null : new Client(branch, response.cseq().method());
  }

  /**
   * The key of the server transaction {@code request} belongs to, as if its method were {@code
   * method}.
   */
  static TransactionKey server(SipRequest request, String method) {
    Via via = request.topVia();
    if (via.hasRfc3261Branch()) {
      return new Server(via.branch(), sentBy(via.sentBy()), method);
    }
    return legacy(request, via, method, request.to().tag());
  }

  /**
   * As {@link #server(SipRequest, String)}, but for RFC 2543 matching as if the request's To tag
   * were {@code toTag}: an ACK looks for its INVITE, which may not have carried the tag.
   */
  static TransactionKey server(SipRequest request, String method, String toTag) {
    Via via = request.topVia();
    if (via.hasRfc3261Branch()) {
      return new Server(via.branch(), sentBy(via.sentBy()), method);
    }
    return legacy(request, via, method, toTag);
  }

  private static Legacy legacy(SipRequest request, Via via, String method, String toTag) {
    return new Legacy(
        request.requestUriText(),
        toTag,
        request.from().tag(),
        request.callId(),
        request.cseq().sequence(),
        via.toString(),
        method);
  }

  private static String sentBy(HostPort sentBy) {
    return sentBy.hasPort() ? sentBy.hostKey() + ':' + sentBy.port() : sentBy.hostKey();
  }
}
