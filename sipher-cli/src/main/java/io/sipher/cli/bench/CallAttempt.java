package io.sipher.cli.bench;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.HeaderName;
import io.sipher.stack.transaction.ClientTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One call through the proxy: INVITE (answering a challenge if one comes), the callee's 2xx, ACK,
 * the call held for a while, BYE and its 200. The ACK and BYE follow the dialog the 2xx made (RFC
 * 3261 §12.1.2, §13.2.2.4): to the callee's Contact along the reversed Record-Route set, which
 * starts at the proxy, so they leave on the phone's flow to it.
 */
final class CallAttempt extends Attempt {
  private final String callee;
  private final Duration hold;
  private int cseq = 1;
  private SipRequest ack;
  private boolean byeSent;

  CallAttempt(LoadGenerator generator, Phone phone, LoadStats stats, String callee, Duration hold) {
    super(generator, phone, stats);
    this.callee = callee;
    this.hold = hold;
  }

  @Override
  void begin() {
    send(phone.invite(number, callee, cseq, null));
  }

  @Override
  public synchronized void onResponse(ClientTransaction tx, SipResponse response) {
    int code = response.statusCode();
    if (code < 200) {
      return;
    }
    if ("BYE".equals(response.cseq().method())) {
      if (code < 300) {
        succeed();
      } else {
        fail("BYE " + code);
      }
      return;
    }
    if (code >= 300) {
      // The transaction has acknowledged the failure itself (§17.1.1.3).
      Phone.Auth auth = answer(response, "INVITE", "sip:" + callee + "@" + phone.domain);
      if (auth != null) {
        send(phone.invite(number, callee, ++cseq, auth));
      } else {
        fail(Integer.toString(code));
      }
      return;
    }
    if (ack != null) {
      phone.flow().send(ack); // a retransmitted 2xx: the ACK again (§13.2.2.4)
      return;
    }
    List<String> routes = new ArrayList<>();
    for (Address rr : response.recordRoutes()) {
      routes.add(rr.toString());
    }
    Collections.reverse(routes);
    String routeSet = String.join(", ", routes);
    if (response.contacts().isEmpty()) {
      fail("2xx without Contact");
      return;
    }
    String target = response.contacts().get(0).address().uri().toString();
    String to = response.headers().firstValue(HeaderName.TO);
    ack = phone.inDialog("ACK", number, target, routeSet, to, cseq, null);
    phone.flow().send(ack);
    SipRequest bye = phone.inDialog("BYE", number, target, routeSet, to, cseq + 1, null);
    if (hold.isZero()) {
      sendBye(bye);
    } else {
      generator.timers().schedule(() -> sendBye(bye), hold.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void sendBye(SipRequest bye) {
    if (!byeSent) {
      byeSent = true;
      send(bye);
    }
  }
}
