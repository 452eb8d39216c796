package io.sipher.cli.bench;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The answering side of the call scenario, like a phone set to auto-answer: every INVITE gets 180
 * and then 200 with an answer, every BYE, OPTIONS or MESSAGE a 200; anything else 501.
 */
final class Callee implements TransactionUser {
  private static final String ANSWER =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=audio 49180 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  private static final MediaType SDP = MediaType.parse("application/sdp");

  private volatile String contact = "<sip:callee.invalid>";

  /** The Contact this callee registered, put in its responses that make dialogs. */
  void answerWith(String registeredContact) {
    this.contact = registeredContact;
  }

  @Override
  public void onRequest(ServerTransaction tx, SipRequest request) {
    if (request.isMethod("INVITE")) {
      // One tag for the 180 and the 200: they belong to one dialog (§12.1.1).
      String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
      tx.respond(dialogResponse(request, 180, tag).build());
      tx.respond(
          dialogResponse(request, 200, tag)
              .body(SDP, ANSWER.getBytes(StandardCharsets.US_ASCII))
              .build());
    } else if (request.isMethod("BYE")
        || request.isMethod("OPTIONS")
        || request.isMethod("MESSAGE")) {
      tx.respond(SipResponse.forRequest(request, 200, null).toTagIfMissing().build());
    } else {
      tx.respond(SipResponse.forRequest(request, 501, null).toTagIfMissing().build());
    }
  }

  private SipResponse.Editor dialogResponse(SipRequest request, int code, String tag) {
    SipResponse.Editor e = SipResponse.forRequest(request, code, null);
    e.set(HeaderName.TO, request.to().withTag(tag).toString());
    for (HeaderField rr : request.headers().all(HeaderName.RECORD_ROUTE)) {
      e.add(rr); // §12.1.1: the UAS copies Record-Route into its responses
    }
    e.add(HeaderName.CONTACT, contact);
    return e;
  }

  @Override
  public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {
    cancel.respond(SipResponse.forRequest(cancel.request(), 200, null).toTagIfMissing().build());
    invite.ifPresent(
        i -> i.respond(SipResponse.forRequest(i.request(), 487, null).toTagIfMissing().build()));
  }

  @Override
  public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {}

  @Override
  public void onStrayResponse(SipResponse response, Wire wire) {}
}
