package io.sipher.stack.transaction;

import io.sipher.message.HeaderField;
import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Methods;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The requests and responses the transaction layer builds itself: the ACK for a non-2xx final
 * response (§17.1.1.3), CANCEL (§9.1), 100 Trying (§8.2.6.1) and the 503 of a full table (§21.5.4).
 * Public because a proxy cancels its branches with the same rules (§16.10), and answers 503 the
 * same way when it cannot create a client transaction.
 *
 * <p>Fields copied from the original request keep their bytes. Every request built here carries
 * Max-Forwards: 70, which §8.1.1.6 requires of any request, and Content-Length: 0.
 */
public final class TransactionRequests {
  private static final int MAX_FORWARDS = 70;
  private static final long TAG_SECRET = new SecureRandom().nextLong();

  private TransactionRequests() {}

  /**
   * The ACK for a non-2xx final response to an INVITE (RFC 3261 §17.1.1.3): the INVITE's
   * Request-URI, Call-ID and From; the response's To, with its tag; the INVITE's CSeq number with
   * method ACK; one Via, equal to the INVITE's top Via, so that it matches the server transaction;
   * and the INVITE's Route fields.
   */
  public static SipRequest ack(SipRequest invite, SipResponse response) {
    SipRequest.Editor ack = SipRequest.create(Methods.ACK, invite.requestUri());
    ack.add(HeaderName.VIA, invite.topVia().toString());
    copyAll(invite, HeaderName.ROUTE, ack);
    ack.maxForwards(MAX_FORWARDS);
    copyFirst(invite, HeaderName.FROM, ack);
    copyFirst(response, HeaderName.TO, ack);
    copyFirst(invite, HeaderName.CALL_ID, ack);
    ack.add(HeaderName.CSEQ, invite.cseq().sequence() + " " + Methods.ACK);
    return ack.build();
  }

  /**
   * A CANCEL for a request (RFC 3261 §9.1): the same Request-URI, Call-ID, To, From and CSeq number
   * (method CANCEL); one Via, equal to the request's top Via, so that the server finds the
   * transaction it cancels (§9.2); and the request's Route fields.
   */
  public static SipRequest cancel(SipRequest request) {
    SipRequest.Editor cancel = SipRequest.create(Methods.CANCEL, request.requestUri());
    cancel.add(HeaderName.VIA, request.topVia().toString());
    copyAll(request, HeaderName.ROUTE, cancel);
    cancel.maxForwards(MAX_FORWARDS);
    copyFirst(request, HeaderName.FROM, cancel);
    copyFirst(request, HeaderName.TO, cancel);
    copyFirst(request, HeaderName.CALL_ID, cancel);
    cancel.add(HeaderName.CSEQ, request.cseq().sequence() + " " + Methods.CANCEL);
    return cancel.build();
  }

  /**
   * 100 Trying for a request: Via, From, To, Call-ID and CSeq copied (§8.2.6.2), no To tag (which
   * §8.2.6.2 allows only for 100), and the Timestamp, if any (§8.2.6.1).
   */
  public static SipResponse trying(SipRequest request) {
    SipResponse.Editor trying = SipResponse.forRequest(request, 100, null);
    copyFirst(request, HeaderName.TIMESTAMP, trying);
    return trying.build();
  }

  /**
   * 503 Service Unavailable for a request the server cannot take on now (§21.5.4), with a
   * Retry-After of {@code retryAfter} in whole seconds (§20.33). Via, From, To, Call-ID and CSeq
   * are copied (§8.2.6.2). The To tag, when the request has none, is derived from the request's top
   * Via branch, Call-ID, From tag and CSeq, so that retransmissions of the request get the same tag
   * without any state kept, as §8.2.7 asks of a stateless UAS.
   */
  public static SipResponse serviceUnavailable(SipRequest request, Duration retryAfter) {
    SipResponse.Editor response = SipResponse.forRequest(request, 503, null);
    if (request.to().tag() == null) {
      response.set(HeaderName.TO, request.to().withTag(statelessTag(request)).toString());
    }
    response.add(HeaderName.RETRY_AFTER, Long.toString(Math.max(0, retryAfter.toSeconds())));
    return response.build();
  }

  /**
   * A To tag that is the same for every copy of a request and unpredictable to anyone without this
   * process's secret (§19.3 asks for 32 random bits; this has 64 bits of keyed hash).
   */
  private static String statelessTag(SipRequest request) {
    long h = TAG_SECRET;
    h = mix(h ^ String.valueOf(request.topVia().branch()).hashCode());
    h = mix(h ^ request.callId().hashCode());
    h = mix(h ^ String.valueOf(request.from().tag()).hashCode());
    h = mix(h ^ request.cseq().sequence());
    return Long.toHexString(h);
  }

  /** The finaliser of SplitMix64: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static void copyFirst(SipMessage from, HeaderName name, SipMessage.Editor<?, ?> to) {
    HeaderField field = from.headers().first(name);
    if (field != null) {
      to.add(field);
    }
  }

  private static void copyAll(SipMessage from, HeaderName name, SipMessage.Editor<?, ?> to) {
    for (HeaderField field : from.headers().all(name)) {
      to.add(field);
    }
  }
}
