package io.sipher.ua;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.Methods;
import io.sipher.message.uri.SipUri;
import io.sipher.message.uri.Uri;
import io.sipher.stack.time.Scheduler;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.InviteClientTransaction;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Flow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call: an INVITE session (RFC 3261 §13-§15) and its dialog (§12), placed by us or taken from a
 * peer, with its media ({@link CallMedia}) set up by offer and answer in the INVITE and its 2xx (or
 * in the 2xx and the ACK when the INVITE had no offer), RFC 3264.
 *
 * <pre>
 * outgoing: CALLING -(18x)-> RINGING -(2xx, ACK sent)-> ESTABLISHED -(BYE either way)-> ENDED
 *           CALLING/RINGING -(3xx: next target; 401/407: again with credentials; other)-> ENDED
 * incoming: RINGING -(answer: 2xx until the ACK)-> ESTABLISHED;  RINGING -(reject, CANCEL)-> ENDED
 * </pre>
 *
 * <p>All state changes happen on the UA's event thread; the public methods hand their work to it.
 */
public final class Call {
  private static final Logger log = LoggerFactory.getLogger(Call.class);
  private static final int MAX_REDIRECTS = 3;

  /** Where the call stands. */
  public enum State {
    CALLING,
    RINGING,
    ESTABLISHED,
    ENDED
  }

  /** Who placed the call. */
  public enum Direction {
    OUTGOING,
    INCOMING
  }

  private final UserAgent ua;
  private final Direction direction;
  private final CompletableFuture<Call> established = new CompletableFuture<>();
  private final CompletableFuture<Call> ended = new CompletableFuture<>();
  private final List<Consumer<Call>> listeners = new CopyOnWriteArrayList<>();
  private final String localTag;
  private final Address remoteParty;
  private CallMedia media;
  private volatile State state;
  private Dialog dialog;
  private volatile int endCode;
  private volatile String endReason;
  private boolean mediaAnswered; // offer and answer both known
  private boolean mediaStarted;
  // outgoing
  private Uri target;
  private RequestSpec invite;
  private InviteClientTransaction inviteTx;
  private SipRequest sentInvite;
  private SipRequest lastAck;
  private int redirects;
  private int challenges;
  private boolean cancelWanted;
  private final java.util.Set<String> refusedForks = new java.util.HashSet<>();
  // incoming, and re-INVITEs either way: the 2xx we repeat until its ACK (§13.3.1.4)
  private ServerTransaction serverTx;
  private SipRequest receivedInvite;
  private SipResponse unackedOk;
  private Scheduler.Handle okTimer;
  private Duration okInterval;
  private long okStartedNanos;
  private boolean offerInOk; // the INVITE had no SDP: the ACK carries the answer (RFC 3264 §5)
  private boolean byeWhenAcked; // hung up between our 2xx and its ACK (§15)
  private boolean reinviting; // a re-INVITE of ours is in progress (§14.1)

  private Call(UserAgent ua, Direction direction, String localTag, Address remoteParty) {
    this.ua = ua;
    this.direction = direction;
    this.localTag = localTag;
    this.remoteParty = remoteParty;
    this.state = direction == Direction.OUTGOING ? State.CALLING : State.RINGING;
  }

  static Call outgoing(UserAgent ua, Uri target, CallMedia media) {
    Call c = new Call(ua, Direction.OUTGOING, UserAgent.newTag(), Address.of(target));
    c.target = target;
    c.media = media;
    return c;
  }

  static Call incoming(UserAgent ua, ServerTransaction tx, SipRequest invite) {
    Call c = new Call(ua, Direction.INCOMING, UserAgent.newTag(), invite.from());
    c.serverTx = tx;
    c.receivedInvite = invite;
    boolean overTls = "TLS".equals(invite.topVia().transportUpper());
    c.dialog = Dialog.asUas(invite, c.localTag, overTls);
    ua.callDialog(c);
    return c;
  }

  // ---- what the user sees ----------------------------------------------------------------

  public Direction direction() {
    return direction;
  }

  public State state() {
    return state;
  }

  /** The other party: the callee we asked for, or the caller's From. */
  public Address remoteParty() {
    return remoteParty;
  }

  /** Whether the dialog is secure: every hop TLS, {@code sips:} (RFC 3261 §12.1.1, §26.2.2). */
  public boolean secure() {
    return dialog != null ? dialog.secure() : target instanceof SipUri u && u.isSecure();
  }

  /**
   * Whether the SDP of this call crosses only TLS (what RFC 4568 §8.3 asks before SDES keys go in
   * it): a sips: dialog guarantees every hop; otherwise an incoming request all of whose Vias are
   * TLS or WSS, or an outgoing call that leaves over TLS (the next hops are the server's to keep
   * TLS; sipher's tls-only domain policy does).
   */
  public boolean signallingProtected() {
    if (secure()) {
      return true;
    }
    if (direction == Direction.OUTGOING) {
      return ua.config().server().transport().secure();
    }
    return receivedInvite.vias().stream()
        .allMatch(v -> v.transportUpper().equals("TLS") || v.transportUpper().equals("WSS"));
  }

  /** Completes when the call is answered (and acknowledged); fails if it ends before. */
  public CompletionStage<Call> established() {
    return established.minimalCompletionStage(); // callers watch; only the call completes it
  }

  /** Completes when the call has ended, however. */
  public CompletionStage<Call> ended() {
    return ended.minimalCompletionStage();
  }

  /** The status that ended the call (200 for a BYE either way), or 0 while it lasts. */
  public int endCode() {
    return endCode;
  }

  /** Why the call ended, for people, or null while it lasts. */
  public String endReason() {
    return endReason;
  }

  /** Called on the event thread at every change of state. */
  public void onChange(Consumer<Call> listener) {
    listeners.add(listener);
  }

  /**
   * Puts the call on hold: a re-INVITE (§14.1) whose offer stops our receiving (RFC 3264 §8.4).
   * Completes when the other side accepted; a refusal leaves the session as it was.
   */
  public CompletionStage<Void> hold() {
    return reinvite(true);
  }

  /** Takes the call off hold: a re-INVITE offering to send and receive again. */
  public CompletionStage<Void> resume() {
    return reinvite(false);
  }

  /** Incoming: tells the caller it rings (180, which also makes the dialog early). */
  public void ring() {
    ua.onEvents(
        () -> {
          if (direction == Direction.INCOMING && state == State.RINGING && unackedOk == null) {
            serverTx.respond(
                dialogResponse(ua.reply(receivedInvite, 180, localTag), receivedInvite).build());
          }
        });
  }

  /**
   * Incoming: answers with {@code media} (RFC 3264 §6: our answer to the INVITE's offer, or our
   * offer when it had none); 488 when the offer has nothing acceptable.
   */
  public void answer(CallMedia callMedia) {
    ua.onEvents(() -> answerNow(callMedia));
  }

  /** Incoming: refuses the call with {@code code} (486 Busy Here, 603 Decline...). */
  public void reject(int code, String reason) {
    ua.onEvents(
        () -> {
          if (direction == Direction.INCOMING && state == State.RINGING && unackedOk == null) {
            serverTx.respond(ua.reply(receivedInvite, code, localTag).build());
            end(code, reason != null ? reason : "rejected");
          }
        });
  }

  /**
   * Ends the call: BYE when established (§15.1.1), CANCEL while an outgoing call rings (§9.1), 603
   * for an incoming call not yet answered.
   */
  public void hangUp() {
    ua.onEvents(this::hangUpNow);
  }

  // ---- outgoing ----------------------------------------------------------------------------

  void start() {
    ua.flow()
        .whenComplete(
            (flow, error) ->
                ua.onEvents(
                    () -> {
                      if (state == State.ENDED) {
                        return; // hung up before the connection was there
                      }
                      if (error != null) {
                        end(503, "cannot reach the server: " + error.getMessage());
                        return;
                      }
                      try {
                        byte[] offer = media.offer(signallingProtected());
                        invite = ua.outOfDialog(Methods.INVITE, target);
                        inviteHeaders(invite, flow);
                        invite.body(MediaType.SDP, offer);
                      } catch (CallMedia.MediaException e) {
                        end(500, "media: " + e.getMessage());
                        return;
                      }
                      sendInvite(flow);
                    }));
  }

  private void inviteHeaders(RequestSpec spec, Flow flow) {
    spec.header(HeaderName.CONTACT, "<" + ua.dialogContact(flow, secure()) + ">");
    spec.header(HeaderName.ALLOW, UserAgent.ALLOW);
    spec.header(HeaderName.SUPPORTED, "outbound");
  }

  private void sendInvite(Flow flow) {
    sentInvite = invite.render(flow, UserAgent.newBranch(), ua.config().userAgent());
    inviteTx =
        (InviteClientTransaction)
            ua.sipStack()
                .sendRequest(
                    sentInvite,
                    flow,
                    ua.onEventThread((tx, r) -> inviteResponse(tx, r, flow), this::end));
  }

  private void inviteResponse(ClientTransaction tx, SipResponse r, Flow flow) {
    if (tx != inviteTx) {
      return; // an earlier attempt (before a challenge or redirect)
    }
    int code = r.statusCode();
    if (state == State.ENDED && code / 100 != 2) {
      return; // given up: no new attempt, and the 487 or other final answer changes nothing
    }
    if (code < 200) {
      if (code > 100 && r.to().tag() != null && state != State.ENDED) {
        if (dialog == null) {
          dialog = Dialog.asUac(sentInvite, r); // §12.1.2: early
          ua.callDialog(this);
        }
        if (r.bodyLength() > 0 && !mediaAnswered && !answerArrived(r)) {
          cancelWanted = true; // early media we cannot take: give up on the call
          cancelNow();
          end(488, "the answer's media is not acceptable");
          return;
        }
        if (state == State.CALLING) {
          changeState(State.RINGING);
        }
      }
      if (cancelWanted) {
        cancelNow();
      }
      return;
    }
    if (code < 300) {
      ok(r, flow);
      return;
    }
    if ((code == 401 || code == 407) && ua.authorize(invite, r, challenges)) {
      challenges++;
      invite.nextCSeq(); // §22.2: same Call-ID and tags, the next CSeq
      sendInvite(flow);
      return;
    }
    if (code >= 300 && code < 400 && redirects < MAX_REDIRECTS && !r.contacts().isEmpty()) {
      Address next = r.contacts().get(0).address();
      if (next != null && next.uri() instanceof SipUri u && (!secure() || u.isSecure())) {
        redirects++; // §8.1.3.4: a new request to the first Contact
        log.info("call to {} redirected ({}) to {}", target, code, u);
        if (dialog != null) {
          ua.callEnded(this); // the early dialog of the first target is over
          dialog = null;
        }
        RequestSpec again = ua.outOfDialog(Methods.INVITE, u);
        inviteHeaders(again, flow);
        again.body(MediaType.SDP, invite.body());
        invite = again;
        sendInvite(flow);
        return;
      }
    }
    end(code, r.reasonPhrase());
  }

  /** A 2xx to our INVITE: confirm the dialog, ACK it (§13.2.2.4), start the media. */
  private void ok(SipResponse r, Flow flow) {
    String tag = r.to().tag();
    boolean ours = dialog != null && tag.equals(dialog.remoteTag());
    if (ours && dialog.confirmed()) {
      send(flow, lastAck); // a retransmission: our ACK was lost (§13.2.2.4)
      return;
    }
    if ((dialog != null && dialog.confirmed()) || state == State.ENDED || cancelWanted) {
      // §13.2.2.4: another fork answered too, or we gave up while it was being answered: ACK
      // that dialog and end it at once (§15), once per dialog.
      if (refusedForks.add(tag)) {
        Dialog other = Dialog.asUac(sentInvite, r);
        send(flow, ackFor(other, flow));
        ua.send(other.request(Methods.BYE));
      }
      return;
    }
    if (!ours) {
      if (dialog != null) {
        ua.callEnded(this); // an early dialog with another fork gives way
      }
      dialog = Dialog.asUac(sentInvite, r);
      ua.callDialog(this);
    } else {
      dialog.confirm(r);
    }
    lastAck = ackFor(dialog, flow);
    send(flow, lastAck);
    if (!mediaAnswered && !answerArrived(r)) {
      ua.send(dialog.request(Methods.BYE)); // §15: a confirmed dialog ends with BYE
      end(488, "the answer's media is not acceptable");
      return;
    }
    startMedia();
    changeState(State.ESTABLISHED);
    established.complete(this);
  }

  /** Gives the peer's answer to the media; false when it is not acceptable. */
  private boolean answerArrived(SipMessage m) {
    try {
      media.answered(m.body(), signallingProtected());
      mediaAnswered = true;
      return true;
    } catch (CallMedia.MediaException e) {
      log.info("call with {}: the answer is not acceptable ({})", remoteParty, e.getMessage());
      return false;
    }
  }

  /** §13.2.2.4: the ACK for a 2xx is built by the UA, with the INVITE's CSeq and credentials. */
  private SipRequest ackFor(Dialog d, Flow flow) {
    RequestSpec ack = d.request(Methods.ACK, sentInvite.cseq().sequence());
    sentInvite
        .headers()
        .all(HeaderName.AUTHORIZATION)
        .forEach(f -> ack.header(f.name(), f.value()));
    sentInvite
        .headers()
        .all(HeaderName.PROXY_AUTHORIZATION)
        .forEach(f -> ack.header(f.name(), f.value()));
    return ack.render(flow, UserAgent.newBranch(), ua.config().userAgent());
  }

  private Flow currentFlow() {
    return ua.flow().toCompletableFuture().getNow(null);
  }

  private void send(Flow flow, SipRequest request) {
    Flow f = flow != null && flow.isOpen() ? flow : currentFlow();
    if (f != null) {
      f.send(request);
    }
  }

  /** A 2xx retransmission after the INVITE transaction ended: our ACK was lost (§13.2.2.4). */
  void strayResponse(SipResponse r) {
    if (lastAck != null
        && r.statusCode() / 100 == 2
        && Methods.INVITE.equals(r.cseq().method())
        && r.to().tag() != null
        && r.to().tag().equals(dialog.remoteTag())) {
      send(null, lastAck);
    }
  }

  private void cancelNow() {
    if (inviteTx == null) {
      return;
    }
    // §9.1: the stack holds the CANCEL until a provisional response has come.
    inviteTx.cancel(ClientTransactionListener.completing(new CompletableFuture<>()));
  }

  // ---- incoming ----------------------------------------------------------------------------

  /** §12: a request of this dialog carries the remote tag we know (another fork's does not). */
  boolean fromRemoteParty(String fromTag) {
    return dialog != null && (dialog.remoteTag() == null || dialog.remoteTag().equals(fromTag));
  }

  boolean isServing(InviteServerTransaction tx) {
    return serverTx == tx;
  }

  private void answerNow(CallMedia callMedia) {
    if (direction != Direction.INCOMING || state != State.RINGING || unackedOk != null) {
      callMedia.close(); // too late (cancelled, answered already): release what it opened
      return;
    }
    media = callMedia;
    byte[] sdp;
    try {
      if (receivedInvite.bodyLength() > 0) {
        sdp = media.answer(receivedInvite.body(), signallingProtected());
        mediaAnswered = true;
      } else {
        sdp = media.offer(signallingProtected()); // RFC 3264 §5: the answer comes in the ACK
        offerInOk = true;
      }
    } catch (CallMedia.MediaException e) {
      serverTx.respond(
          ua.reply(receivedInvite, 488, localTag).add(HeaderName.WARNING, warning(e)).build());
      end(488, "media: " + e.getMessage());
      return;
    }
    sendOk(serverTx, receivedInvite, sdp);
  }

  private static String warning(CallMedia.MediaException e) {
    // RFC 3261 §20.43: 305 Incompatible media format; the text is ours, quoted.
    return "305 sipher \"" + e.getMessage().replace("\"", "'") + "\"";
  }

  /** Sends a 2xx with SDP and repeats it until its ACK (§13.3.1.4: T1 doubling up to T2). */
  private void sendOk(ServerTransaction tx, SipRequest request, byte[] sdp) {
    SipResponse.Editor e = dialogResponse(ua.reply(request, 200, localTag), request);
    e.add(HeaderName.ALLOW, UserAgent.ALLOW);
    e.add(HeaderName.SUPPORTED, "outbound");
    e.body(MediaType.SDP, sdp);
    unackedOk = e.build();
    tx.respond(unackedOk);
    okInterval = TransactionConfig.DEFAULTS.t1();
    okStartedNanos = System.nanoTime();
    okTimer = ua.later(okInterval, () -> repeatOk(tx));
  }

  private void repeatOk(ServerTransaction tx) {
    if (unackedOk == null) {
      return;
    }
    Duration giveUp = TransactionConfig.DEFAULTS.timeout();
    if (System.nanoTime() - okStartedNanos >= giveUp.toNanos()) {
      // §13.3.1.4: no ACK within 64*T1; the session is over.
      unackedOk = null;
      log.info("no ACK for our 2xx within {}; ending the call", giveUp);
      if (dialog != null) {
        ua.send(dialog.request(Methods.BYE));
      }
      end(408, "no ACK");
      return;
    }
    tx.respond(unackedOk);
    Duration doubled = okInterval.multipliedBy(2);
    okInterval =
        doubled.compareTo(TransactionConfig.DEFAULTS.t2()) < 0
            ? doubled
            : TransactionConfig.DEFAULTS.t2();
    okTimer = ua.later(okInterval, () -> repeatOk(tx));
  }

  void ackReceived(SipRequest ack) {
    if (unackedOk == null || ack.cseq().sequence() != unackedOk.cseq().sequence()) {
      return; // a retransmitted ACK, or one for an older 2xx
    }
    unackedOk = null;
    if (okTimer != null) {
      okTimer.cancel();
    }
    if (byeWhenAcked) {
      ua.send(dialog.request(Methods.BYE)); // §15: the BYE waited for the ACK
      end(200, "hung up");
      return;
    }
    if (offerInOk) {
      offerInOk = false;
      if (ack.bodyLength() == 0 || !answerArrived(ack)) {
        // RFC 3264 §5: the ACK had to carry the answer; the dialog is confirmed, so BYE.
        ua.send(dialog.request(Methods.BYE));
        end(488, "no acceptable answer in the ACK");
        return;
      }
    }
    if (state == State.RINGING) {
      startMedia();
      changeState(State.ESTABLISHED);
      established.complete(this);
    }
  }

  void cancelledByPeer() {
    if (state == State.RINGING && unackedOk == null && direction == Direction.INCOMING) {
      serverTx.respond(ua.reply(receivedInvite, 487, localTag).build()); // §9.2
      end(487, "cancelled by the caller");
    }
  }

  // ---- re-INVITEs we send (§14.1) ----------------------------------------------------------

  private CompletionStage<Void> reinvite(boolean hold) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    ua.onEvents(
        () -> {
          if (state != State.ESTABLISHED || reinviting || unackedOk != null) {
            // §14.1: not while another INVITE transaction of this dialog is in progress.
            done.completeExceptionally(
                new IllegalStateException("the call cannot be changed now (" + state + ")"));
            return;
          }
          byte[] offer;
          try {
            offer = media.reoffer(hold, signallingProtected());
          } catch (CallMedia.MediaException e) {
            done.completeExceptionally(e);
            return;
          }
          RequestSpec spec = dialog.request(Methods.INVITE);
          reinviting = true;
          ua.flow()
              .whenComplete(
                  (flow, error) ->
                      ua.onEvents(
                          () -> {
                            if (error != null) {
                              reinviting = false;
                              done.completeExceptionally(error);
                              return;
                            }
                            spec.header(
                                HeaderName.CONTACT, "<" + ua.dialogContact(flow, secure()) + ">");
                            spec.header(HeaderName.ALLOW, UserAgent.ALLOW);
                            spec.body(MediaType.SDP, offer);
                            sendReinvite(spec, flow, done, 0);
                          }));
        });
    return done;
  }

  private void sendReinvite(
      RequestSpec spec, Flow flow, CompletableFuture<Void> done, int challengesSoFar) {
    SipRequest sent = spec.render(flow, UserAgent.newBranch(), ua.config().userAgent());
    boolean[] answered = {false};
    ua.sipStack()
        .sendRequest(
            sent,
            flow,
            ua.onEventThread(
                (tx, r) -> {
                  if (r.statusCode() >= 200) {
                    reinviteAnswered(spec, sent, flow, r, done, answered, challengesSoFar);
                  }
                },
                (code, why) -> reinviteFailed(code, "re-INVITE: " + why, done)));
  }

  private void reinviteAnswered(
      RequestSpec spec,
      SipRequest sent,
      Flow flow,
      SipResponse r,
      CompletableFuture<Void> done,
      boolean[] answered,
      int challengesSoFar) {
    int code = r.statusCode();
    if (code / 100 == 2) {
      // §13.2.2.4 for every 2xx, retransmissions included: an ACK with the re-INVITE's CSeq.
      RequestSpec ack = dialog.request(Methods.ACK, sent.cseq().sequence());
      send(flow, ack.render(flow, UserAgent.newBranch(), ua.config().userAgent()));
      if (answered[0] || state != State.ESTABLISHED) {
        return;
      }
      answered[0] = true;
      reinviting = false;
      dialog.refreshTarget(r); // §12.2.1.2: a target refresh
      if (!answerArrived(r)) {
        ua.send(dialog.request(Methods.BYE));
        end(488, "the answer to our re-INVITE is not acceptable");
        done.completeExceptionally(new CallMedia.MediaException("answer not acceptable"));
        return;
      }
      done.complete(null);
      return;
    }
    if ((code == 401 || code == 407) && ua.authorize(spec, r, challengesSoFar)) {
      spec.nextCSeq();
      dialog.localSequence(spec.cseq());
      sendReinvite(spec, flow, done, challengesSoFar + 1);
      return;
    }
    if (code == 481 || code == 408) {
      reinviteFailed(code, "the dialog is gone (" + code + ")", done); // §12.2.1.2
      return;
    }
    reinviting = false; // §14.1: refused, the session stays as it was
    done.completeExceptionally(new RequestFailedException("re-INVITE", r));
  }

  private void reinviteFailed(int code, String why, CompletableFuture<Void> done) {
    reinviting = false;
    done.completeExceptionally(new java.io.IOException(why));
    if (state == State.ESTABLISHED) {
      ua.send(dialog.request(Methods.BYE));
      end(code, why);
    }
  }

  // ---- in the dialog, either way -----------------------------------------------------------

  void inDialogRequest(ServerTransaction tx, SipRequest request) {
    if (!dialog.acceptRemoteSequence(request.cseq().sequence())) {
      tx.respond(ua.reply(request, 500).build()); // §12.2.2: out of order
      return;
    }
    switch (request.method()) {
      case Methods.BYE -> {
        tx.respond(ua.reply(request, 200).build()); // §15.1.2
        if (direction == Direction.INCOMING && state == State.RINGING && unackedOk == null) {
          // §15.1.2: a BYE on the early dialog ends the INVITE too, with 487.
          serverTx.respond(ua.reply(receivedInvite, 487, localTag).build());
        }
        unackedOk = null;
        end(200, "the other side hung up");
      }
      case Methods.INVITE -> reInvite(tx, request);
      case Methods.OPTIONS -> tx.respond(ua.reply(request, 200).build());
      default -> tx.respond(ua.reply(request, 405).add(HeaderName.ALLOW, UserAgent.ALLOW).build());
    }
  }

  /** A re-INVITE (§14.2): a new offer (hold, a new address) or none (we offer in the 2xx). */
  private void reInvite(ServerTransaction tx, SipRequest request) {
    if (unackedOk != null) {
      // §14.2: a re-INVITE while our own 2xx awaits its ACK.
      tx.respond(ua.reply(request, 500).add(HeaderName.RETRY_AFTER, "1").build());
      return;
    }
    dialog.refreshTarget(request);
    byte[] sdp;
    try {
      if (request.bodyLength() > 0) {
        sdp = media.answer(request.body(), signallingProtected());
      } else {
        sdp = media.offer(signallingProtected());
        offerInOk = true;
      }
    } catch (CallMedia.MediaException e) {
      tx.respond(ua.reply(request, 488).add(HeaderName.WARNING, warning(e)).build());
      return; // §14.2: the session goes on as before
    }
    sendOk(tx, request, sdp);
  }

  /**
   * §12.1.1: a response that makes or confirms a dialog carries our Contact and the request's
   * Record-Route, as it came, so that both ends have the same route set.
   */
  private SipResponse.Editor dialogResponse(SipResponse.Editor e, SipRequest request) {
    request.headers().all(HeaderName.RECORD_ROUTE).forEach(e::add);
    // Our Contact names where the request reached us: the flow it came on.
    Flow f =
        serverTx != null && serverTx.wire() instanceof io.sipher.stack.FlowWire w
            ? w.flow()
            : currentFlow();
    if (f != null) {
      e.add(HeaderName.CONTACT, "<" + ua.dialogContact(f, secure()) + ">");
    }
    return e;
  }

  private void hangUpNow() {
    switch (state) {
      case ESTABLISHED -> {
        ua.send(dialog.request(Methods.BYE)); // §15.1.1: the session ends when the BYE is sent
        end(endCode != 0 ? endCode : 200, "hung up");
      }
      case CALLING, RINGING -> {
        if (direction == Direction.OUTGOING) {
          cancelWanted = true;
          cancelNow();
          end(487, "cancelled");
        } else if (unackedOk == null) {
          serverTx.respond(ua.reply(receivedInvite, 603, localTag).build());
          end(603, "declined");
        } else {
          // Answered, not yet acknowledged: §15 forbids the BYE until the ACK comes or the 2xx
          // retransmissions give up; both send it then.
          byeWhenAcked = true;
        }
      }
      case ENDED -> {}
    }
  }

  private void startMedia() {
    if (mediaStarted || media == null) {
      return;
    }
    try {
      media.start();
      mediaStarted = true;
    } catch (CallMedia.MediaException e) {
      log.warn("media did not start: {}", e.getMessage());
    }
  }

  private void end(int code, String reason) {
    if (state == State.ENDED) {
      return;
    }
    endCode = endCode != 0 && code == 200 ? endCode : code;
    endReason = reason;
    if (okTimer != null) {
      okTimer.cancel();
    }
    if (media != null) {
      media.close();
    }
    changeState(State.ENDED);
    ua.callEnded(this);
    established.completeExceptionally(new CallEndedException(this));
    ended.complete(this);
  }

  private void changeState(State next) {
    state = next;
    for (Consumer<Call> l : listeners) {
      try {
        l.accept(this);
      } catch (RuntimeException e) {
        log.warn("call listener failed", e);
      }
    }
  }

  /** The dialog's Call-ID and our tag: how requests and responses find this call. */
  String key() {
    return dialog == null ? "" : key(dialog.callId(), dialog.localTag());
  }

  static String key(String callId, String localTag) {
    return callId + ';' + localTag;
  }

  @Override
  public String toString() {
    return "Call[" + direction + " " + remoteParty + ", " + state + "]";
  }

  /** The call ended before it was established. */
  public static final class CallEndedException extends Exception {
    private final transient Call call;

    CallEndedException(Call call) {
      super("call ended: " + call.endCode + " " + call.endReason);
      this.call = call;
    }

    public Call call() {
      return call;
    }
  }
}
