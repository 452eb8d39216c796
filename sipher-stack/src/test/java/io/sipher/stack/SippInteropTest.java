package io.sipher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.testing.Wire;
import io.sipher.stack.testing.Sipp;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
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
      Process p = sipp.start("uac", t, Sipp.freePort(), "-m", "5", "-r", "10", "127.0.0.1:" + port);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      assertThat(p.exitValue()).as(sipp.log("uac")).isZero();
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
    int sippPort = Sipp.freePort();
    Process p = sipp.start("uas", t, sippPort, "-m", "1");
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
      Sipp.awaitBound(sippPort, t);
      CompletableFuture<SipResponse> answered = new CompletableFuture<>();
      stack.sendRequest(invite, sippAt, ClientTransactionListener.completing(answered));
      SipResponse ok = answered.get(20, TimeUnit.SECONDS);
      assertThat(ok).as(sipp.log("uas")).isNotNull();
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
      stack.sendRequest(bye, sippAt, ClientTransactionListener.completing(byeDone));
      assertThat(byeDone.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sipp finished").isTrue();
      assertThat(p.exitValue()).as(sipp.log("uas")).isZero();
    } finally {
      p.destroy();
    }
  }

  static SipRequest request(String text) {
    return Wire.request(text);
  }
}
