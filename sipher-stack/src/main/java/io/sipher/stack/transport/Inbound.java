package io.sipher.stack.transport;

import io.sipher.message.ParseError;
import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Via;
import io.sipher.message.uri.HostPort;
import io.sipher.pki.SipIdentities;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every transport does with what it read, before handing it up: answer or drop bad input,
 * stamp Via, honour the {@code alias} parameter, and keep a failing handler from taking the
 * connection down.
 *
 * <p>Bad input from peers is logged at DEBUG only: a flood of it must not become a flood of log
 * lines.
 */
final class Inbound {
  private static final Logger log = LoggerFactory.getLogger(Inbound.class);

  private final ConnectionTable table;
  private final InboundHandler handler;
  private final BiFunction<SipResponse, Flow, CompletionStage<Void>> responder;

  /**
   * @param responder sends a response by the rules of RFC 3261 §18.2.2 (the transport layer's
   *     {@code sendResponse})
   */
  Inbound(
      ConnectionTable table,
      InboundHandler handler,
      BiFunction<SipResponse, Flow, CompletionStage<Void>> responder) {
    this.table = table;
    this.handler = handler;
    this.responder = responder;
  }

  void message(SipMessage message, Flow flow) {
    // Stamp first, then check: stamping builds a new message, and the typed views the check
    // parses (From, To, CSeq...) are then cached on the one handed up, not thrown away with the
    // original. A Via too broken to stamp is reported by the check.
    SipMessage up = message;
    if (message instanceof SipRequest request) {
      try {
        up = ViaRules.stampReceived(request, flow.remoteAddress());
      } catch (RuntimeException unparseableVia) {
        up = message;
      }
    }
    String missing = ErrorResponses.missingEssentials(up);
    if (missing != null) {
      if (message instanceof SipRequest r) {
        log.debug("400 to {}: {}", flow, missing);
        if (!r.isMethod("ACK")
            && message.headers().contains(io.sipher.message.header.HeaderName.VIA)) {
          answer(flow, ErrorResponses.from(message.headers(), 400, missing));
        }
      } else {
        log.debug("dropped a response from {}: {}", flow, missing);
      }
      return;
    }
    if (up instanceof SipResponse r && !viaIsOurs(r, flow)) {
      log.debug("dropped a {} response from {}: its Via is not ours", r.statusCode(), flow);
      return;
    }
    if (up instanceof SipRequest request && request.topVia().hasAlias()) {
      alias(flow, request.topVia());
    }
    try {
      handler.onMessage(up, flow);
    } catch (RuntimeException e) {
      // A bug above must not kill the connection or the event loop; the request gets a 500.
      log.error("handler failed on a message from {}", flow, e);
      if (up instanceof SipRequest r && !r.isMethod("ACK")) {
        answer(flow, ErrorResponses.from(r.headers(), 500, "Server Internal Error"));
      }
    }
  }

  /**
   * RFC 3261 §18.1.2: a response whose top Via does not carry a sent-by we put in requests is
   * silently dropped, so that a forged response cannot be reflected through us. Over UDP the
   * sent-by port must be the socket's own port (sipher writes its listener's port in every Via it
   * sends from it). The host part is not compared: the transport does not know every name the
   * server is known by. On streams the response arrived on a connection, which is check enough for
   * this layer.
   */
  private static boolean viaIsOurs(SipResponse response, Flow flow) {
    if (flow.transport() != Transport.UDP) {
      return true;
    }
    int port = response.topVia().sentBy().portOr(Transport.UDP.defaultPort());
    return port == flow.localAddress().getPort();
  }

  /**
   * Malformed input: answered where a response can be formed (RFC 3261 §21.4.1), else dropped. The
   * stage completes when the answer is out (or at once when there is none), so that a stream whose
   * framing is lost is closed only after its error response left.
   */
  CompletionStage<Void> malformed(ParseError error, Flow flow) {
    if (error.response()) {
      log.debug("dropped a malformed response from {}: {}", flow, error.reason());
      return CompletableFuture.completedFuture(null);
    }
    log.debug("{} from {}", error, flow);
    if (!error.canRespond()) {
      return CompletableFuture.completedFuture(null);
    }
    return answer(flow, ErrorResponses.from(error.headers(), error.statusCode(), error.reason()));
  }

  private CompletionStage<Void> answer(Flow flow, SipResponse response) {
    CompletionStage<Void> sent;
    try {
      sent = responder.apply(response, flow);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.handle(
        (ok, failure) -> {
          if (failure != null) {
            log.debug("could not answer {}: {}", flow, failure.toString());
          }
          return null;
        });
  }

  /**
   * RFC 5923 §5: a request whose top Via carries {@code alias} offers its connection for requests
   * toward its sent-by. Reuse must not bypass the authentication a new connection would do (§5,
   * §11), so the offer is taken only over TLS, only for a sent-by that is a host name, and only
   * when the peer's verified certificate proves that name (RFC 5922 §7.2). It is then found for
   * destinations of that domain at the connection's address and the sent-by port. Offers over plain
   * TCP or WebSocket are ignored: anyone could make them for any address.
   */
  private void alias(Flow flow, Via via) {
    HostPort sentBy = via.sentBy();
    if (!flow.transport().secure() || sentBy.kind() != HostPort.Kind.HOSTNAME) {
      return;
    }
    SipIdentities ids = flow.peerIdentities();
    String domain = sentBy.host().toLowerCase(Locale.ROOT);
    if (ids == null || !ids.matchesDomain(domain)) {
      log.debug("alias from {} not taken: its certificate does not prove {}", flow, domain);
      return;
    }
    InetSocketAddress at =
        new InetSocketAddress(
            flow.remoteAddress().getAddress(), sentBy.portOr(flow.transport().defaultPort()));
    table.alias(flow, at, domain);
  }
}
