package io.sipher.stack;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal user agent server for interop tests: rings and answers every INVITE, answers BYE and
 * OPTIONS with 200, refuses the rest with 501. Not a product UA: just enough call flow for SIPp.
 */
final class TestUas implements TransactionUser {
  final AtomicInteger invites = new AtomicInteger();
  final AtomicInteger acks = new AtomicInteger();
  final AtomicInteger byes = new AtomicInteger();
  private final String contact;

  TestUas(String contact) {
    this.contact = contact;
  }

  @Override
  public void onRequest(ServerTransaction tx, SipRequest request) {
    String tag = "uas" + Integer.toHexString(request.callId().hashCode());
    switch (request.method()) {
      case "INVITE" -> {
        invites.incrementAndGet();
        tx.respond(answer(request, 180, tag).build());
        tx.respond(answer(request, 200, tag).add(HeaderName.CONTACT, contact).build());
      }
      case "BYE" -> {
        byes.incrementAndGet();
        tx.respond(answer(request, 200, tag).build());
      }
      case "OPTIONS" -> tx.respond(answer(request, 200, tag).build());
      default -> tx.respond(answer(request, 501, tag).build());
    }
  }

  private static SipResponse.Editor answer(SipRequest request, int code, String tag) {
    SipResponse.Editor e = SipResponse.forRequest(request, code, null);
    if (request.to().tag() == null) {
      e.set(HeaderName.TO, request.to().withTag(tag).toString());
    }
    return e;
  }

  @Override
  public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {
    cancel.respond(
        SipResponse.forRequest(cancel.request(), invite.isPresent() ? 200 : 481, null).build());
  }

  @Override
  public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {
    acks.incrementAndGet();
  }

  @Override
  public void onStrayResponse(SipResponse response, Wire wire) {}
}
