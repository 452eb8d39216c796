package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 7118: SIP over WebSocket, with the JDK's own WebSocket client as the peer. The client asks
 * for the "sip" subprotocol (§4.1), each WebSocket message carries one SIP message (§5), and the
 * response comes back on the same WebSocket connection.
 */
class Rfc7118_WebSocketTest {

  @Test
  void section5_oneSipMessagePerWebSocketMessageBothWaysEvenFragmented() throws Exception {
    try (Node server =
        new Node(TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.WS, Node.loopback(0)))) {
      CompletableFuture<String> reply = new CompletableFuture<>();
      WebSocket.Listener listener =
          new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
              text.append(data);
              if (last) {
                reply.complete(text.toString());
              }
              ws.request(1);
              return null;
            }
          };
      int port = server.address(Transport.WS).getPort();
      WebSocket ws =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .subprotocols("sip")
              .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), listener)
              .get(10, TimeUnit.SECONDS);
      assertThat(ws.getSubprotocol()).isEqualTo("sip");

      // Sent in two fragments (a text frame and a continuation frame): still one SIP message.
      String options = Node.options(Transport.WS, "df7jal23ls0d.invalid", "z9hG4bK-ws").toString();
      int half = options.length() / 2;
      ws.sendText(options.substring(0, half), false).get(10, TimeUnit.SECONDS);
      ws.sendText(options.substring(half), true).get(10, TimeUnit.SECONDS);

      Node.Received in = server.next();
      assertThat(in.flow().transport()).isEqualTo(Transport.WS);
      assertThat(in.message().topVia().received()).isEqualTo("127.0.0.1");
      server
          .layer
          .sendResponse(
              SipResponse.forRequest((SipRequest) in.message(), 200, null).build(), in.flow())
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(reply.get(10, TimeUnit.SECONDS)).startsWith("SIP/2.0 200 OK\r\n");
      ws.abort();
    }
  }
}
