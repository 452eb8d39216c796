package io.sipher.stack.transport;

import io.sipher.message.ParseError;
import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Via;
import io.sipher.message.uri.HostPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every transport does with what it read, before handing it up: answer or drop bad input,
 * stamp Via, honour the {@code alias} parameter, and keep a failing handler from taking the
 * connection down.
 */
final class Inbound {
  private static final Logger log = LoggerFactory.getLogger(Inbound.class);

  private final ConnectionTable table;
  private final InboundHandler handler;

  Inbound(ConnectionTable table, InboundHandler handler) {
    this.table = table;
    this.handler = handler;
  }

  void message(SipMessage message, Flow flow) {
    String missing = ErrorResponses.missingEssentials(message);
    if (missing != null) {
      if (message instanceof SipRequest) {
        log.info("400 to {}: {}", flow, missing);
        if (!((SipRequest) message).isMethod("ACK")) {
          answer(flow, ErrorResponses.from(message.headers(), 400, missing));
        }
      } else {
        log.info("dropped a response from {}: {}", flow, missing);
      }
      return;
    }
    SipMessage up = message;
    if (message instanceof SipRequest request) {
      up = ViaRules.stampReceived(request, flow.remoteAddress());
      if (flow instanceof StreamFlow && request.topVia().hasAlias()) {
        alias(flow, request.topVia());
      }
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

  /** Malformed input: answer where a response can be formed (RFC 3261 §21.4.1), log, drop. */
  void malformed(ParseError error, Flow flow) {
    if (error.response()) {
      log.info("dropped a malformed response from {}: {}", flow, error.reason());
      return;
    }
    log.info("{} from {}", error, flow);
    if (error.canRespond()) {
      answer(flow, ErrorResponses.from(error.headers(), error.statusCode(), error.reason()));
    }
  }

  private void answer(Flow flow, SipResponse response) {
    flow.send(response)
        .whenComplete(
            (ok, failure) -> {
              if (failure != null) {
                log.debug("could not answer {}: {}", flow, failure.toString());
              }
            });
  }

  /**
   * RFC 5923 §5: a request whose top Via carries {@code alias} offers its connection for requests
   * toward its sent-by address. Only an address is taken (a name would need DNS here). Over TLS the
   * offer is recorded but only used for a destination whose domain the peer's certificate proves
   * (§5.1; see {@link ConnectionTable#find}).
   */
  private void alias(Flow flow, Via via) {
    HostPort sentBy = via.sentBy();
    if (sentBy.kind() == HostPort.Kind.HOSTNAME) {
      return;
    }
    try {
      InetAddress a = InetAddress.getByName(sentBy.address());
      table.alias(flow, new InetSocketAddress(a, sentBy.portOr(flow.transport().defaultPort())));
    } catch (java.net.UnknownHostException e) {
      log.debug("alias {} not taken: {}", sentBy, e.toString());
    }
  }
}
