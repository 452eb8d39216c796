package io.sipher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.testing.Sipp;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stack (transports and transactions) against SIPp, a third-party SIP tester, over UDP and TCP
 * on loopback: SIPp's built-in UAC places calls to the stack, and the stack places a call to SIPp's
 * built-in UAS (INVITE, 180, 200, ACK, BYE, 200). SIPp exits 0 only when every call went as its
 * scenario expects.
 */
class SippInteropTest {
  @TempDir Path dir;

  Sipp sipp;

  @BeforeAll
  static void sippPresent() {
    Sipp.assumeInstalled();
  }

  @org.junit.jupiter.api.BeforeEach
  void runner() {
    sipp = new Sipp(dir);
  }

  private Process sipp(String scenario, Transport t, int port, String... more) throws IOException {
    return sipp.start(scenario, t, port, more);
  }

  private String log(String scenario) throws IOException {
    return sipp.log(scenario);
  }

  private static int freePort() throws IOException {
    return Sipp.freePort();
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"UDP", "TCP"})
  void sippUacCallsTheStack(Transport t) throws Exception {
    TestUas uas = new TestUas("<sip:uas@127.0.0.1>");
    try (SipStack stack =
        SipStack.start(
            TransportConfig.DEFAULTS,
            List.of(ListenerConfig.plain(t, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            uas)) {
      int port = stack.transport().listener(t).orElseThrow().address().getPort();
      Process p = sipp("uac", t, freePort(), "-m", "5", "-r", "10", "127.0.0.1:" + port);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      assertThat(p.exitValue()).as(log("uac")).isZero();
      assertThat(uas.invites.get()).isEqualTo(5);
      assertThat(uas.acks.get()).isEqualTo(5);
      assertThat(uas.byes.get()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"UDP", "TCP"})
  void stackCallsTheSippUas(Transport t) throws Exception {
    int sippPort = freePort();
    Process p = sipp("uas", t, sippPort, "-m", "1");
    TestUas unused = new TestUas("<sip:uac@127.0.0.1>");
    try (SipStack stack =
        SipStack.start(
            TransportConfig.DEFAULTS,
            List.of(ListenerConfig.plain(t, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            unused)) {
      int ourPort = stack.transport().listener(t).orElseThrow().address().getPort();
      Destination sippAt = Destination.of(t, new InetSocketAddress("127.0.0.1", sippPort));
      String tp = t.viaName();
      SipRequest invite =
          request(
              "INVITE sip:service@127.0.0.1:"
                  + sippPort
                  + ";transport="
                  + t.uriParameter()
                  + " SIP/2.0\n"
                  + "Via: SIP/2.0/"
                  + tp
                  + " 127.0.0.1:"
                  + ourPort
                  + ";branch=z9hG4bK-inv1;rport\n"
                  + "Max-Forwards: 70\n"
                  + "From: <sip:sipher@127.0.0.1>;tag=caller1\n"
                  + "To: <sip:service@127.0.0.1>\n"
                  + "Call-ID: call1@sipher\n"
                  + "CSeq: 1 INVITE\n"
                  + "Contact: <sip:sipher@127.0.0.1:"
                  + ourPort
                  + ";transport="
                  + t.uriParameter()
                  + ">\n"
                  + "Content-Length: 0\n\n");
      awaitBound(sippPort, t);
      CompletableFuture<SipResponse> answered = new CompletableFuture<>();
      stack.sendRequest(invite, sippAt, finalResponse(answered));
      SipResponse ok = answered.get(20, TimeUnit.SECONDS);
      assertThat(ok).as(log("uas")).isNotNull();
      assertThat(ok.statusCode()).isEqualTo(200);
      String toWithTag = ok.headers().firstValue(io.sipher.message.header.HeaderName.TO);

      // The ACK for a 2xx is the TU's, outside any transaction (RFC 3261 §13.2.2.4).
      SipRequest ack =
          request(
              "ACK sip:service@127.0.0.1:"
                  + sippPort
                  + ";transport="
                  + t.uriParameter()
                  + " SIP/2.0\n"
                  + "Via: SIP/2.0/"
                  + tp
                  + " 127.0.0.1:"
                  + ourPort
                  + ";branch=z9hG4bK-ack1;rport\n"
                  + "Max-Forwards: 70\n"
                  + "From: <sip:sipher@127.0.0.1>;tag=caller1\n"
                  + "To: "
                  + toWithTag
                  + "\n"
                  + "Call-ID: call1@sipher\n"
                  + "CSeq: 1 ACK\n"
                  + "Content-Length: 0\n\n");
      stack.transport().send(ack, sippAt).toCompletableFuture().get(10, TimeUnit.SECONDS);

      SipRequest bye =
          request(
              "BYE sip:service@127.0.0.1:"
                  + sippPort
                  + ";transport="
                  + t.uriParameter()
                  + " SIP/2.0\n"
                  + "Via: SIP/2.0/"
                  + tp
                  + " 127.0.0.1:"
                  + ourPort
                  + ";branch=z9hG4bK-bye1;rport\n"
                  + "Max-Forwards: 70\n"
                  + "From: <sip:sipher@127.0.0.1>;tag=caller1\n"
                  + "To: "
                  + toWithTag
                  + "\n"
                  + "Call-ID: call1@sipher\n"
                  + "CSeq: 2 BYE\n"
                  + "Content-Length: 0\n\n");
      CompletableFuture<SipResponse> byeDone = new CompletableFuture<>();
      stack.sendRequest(bye, sippAt, finalResponse(byeDone));
      assertThat(byeDone.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      assertThat(p.exitValue()).as(log("uas")).isZero();
    } finally {
      p.destroy();
    }
  }

  private static void awaitBound(int port, Transport t) throws Exception {
    Sipp.awaitBound(port, t);
  }

  private static ClientTransactionListener finalResponse(CompletableFuture<SipResponse> done) {
    return new ClientTransactionListener() {
      @Override
      public void onResponse(ClientTransaction tx, SipResponse response) {
        if (response.statusCode() >= 200) {
          done.complete(response);
        }
      }

      @Override
      public void onTimeout(ClientTransaction tx) {
        done.completeExceptionally(new IOException("timeout"));
      }

      @Override
      public void onTransportError(ClientTransaction tx, Throwable cause) {
        done.completeExceptionally(cause);
      }
    };
  }

  static SipRequest request(String text) {
    byte[] b = text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    return (SipRequest) ((ParseResult.Parsed) new SipParser().parseDatagram(b)).message();
  }
}
