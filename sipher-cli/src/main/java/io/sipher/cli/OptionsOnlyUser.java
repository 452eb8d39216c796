package io.sipher.cli;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code sipher serve} does with requests until the registrar and proxy exist: answers OPTIONS
 * (peers' and phones' keep-alive and capability probes, RFC 3261 §11.2) with 200, and every other
 * request with 501 Not Implemented (§21.5.2), so that a caller gets a clear final answer rather
 * than a timeout.
 */
final class OptionsOnlyUser implements TransactionUser {
  private static final Logger log = LoggerFactory.getLogger(OptionsOnlyUser.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public void onRequest(ServerTransaction tx, SipRequest request) {
    if (request.isMethod("OPTIONS")) {
      tx.respond(
          answer(request, 200, null)
              .add(HeaderName.ALLOW, "OPTIONS")
              .add(HeaderName.ACCEPT, "application/sdp")
              .build());
      return;
    }
    log.info("501 to {} from {}: not built yet", request.method(), tx);
    tx.respond(answer(request, 501, "Not Implemented (registrar and proxy not built yet)").build());
  }

  @Override
  public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {
    // Every INVITE was answered at once, so there is nothing left to cancel (§9.2).
    cancel.respond(answer(cancel.request(), 481, null).build());
  }

  @Override
  public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {
    // An ACK for a 2xx we never sent; nothing to do.
  }

  @Override
  public void onStrayResponse(SipResponse response, Wire wire) {
    log.debug("stray {} response dropped", response.statusCode());
  }

  private static SipResponse.Editor answer(SipRequest request, int code, String reason) {
    SipResponse.Editor e = SipResponse.forRequest(request, code, reason);
    if (request.to().tag() == null) {
      byte[] tag = new byte[6];
      RANDOM.nextBytes(tag);
      e.set(HeaderName.TO, request.to().withTag(HexFormat.of().formatHex(tag)).toString());
    }
    return e;
  }
}
