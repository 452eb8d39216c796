package io.sipher.ua;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.Challenge;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.Methods;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.uri.SipUri;
import io.sipher.message.uri.Uri;
import io.sipher.stack.SipStack;
import io.sipher.stack.time.Scheduler;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Flow;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP user agent over its own stack: it registers, places and takes calls, and sends and receives
 * MESSAGE and OPTIONS, everything toward one server (its registrar and outbound proxy).
 *
 * <pre>{@code
 * UaConfig config = UaConfig.builder(SipUri.parse("sips:alice@example.com"), server)
 *     .password(secret).transport(TransportConfig.DEFAULTS.withTrust(() -> verifier)).build();
 * try (UserAgent alice = UserAgent.start(config)) {
 *   alice.register().toCompletableFuture().get();
 *   Call call = alice.call(SipUri.parse("sips:bob@example.com"), media);
 *   call.established().toCompletableFuture().get();
 *   call.hangUp();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Everything the UA decides happens on its one event thread, in order: what the
 * network threads deliver and what the caller asks are both handed to it, so calls and
 * registrations need no locks. Handlers ({@link #onIncomingCall}, {@link #onMessage}, the stages
 * returned) run there too and must not block for long.
 */
public final class UserAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UserAgent.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, NOTIFY";

  private final UaConfig config;
  private final SipStack stack;
  private final DigestClient digest;
  private final ExecutorService events;
  private volatile Thread eventThread;
  private final Map<String, Call> calls = new ConcurrentHashMap<>(); // by Call-ID and local tag
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>(); // likewise
  private final List<Registration> registrations =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Consumer<Call> incomingCalls = call -> call.reject(480, null);
  private volatile Consumer<ReceivedMessage> messages = m -> {};
  private volatile boolean closed;

  private UserAgent(UaConfig config) {
    this.config = config;
    this.digest =
        config.password() == null ? null : new DigestClient(config.authUser(), config.password());
    this.events =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "sipher-ua-events");
              t.setDaemon(true);
              eventThread = t;
              return t;
            });
    this.stack =
        SipStack.start(
            config.transport(), config.listeners(), TransactionConfig.DEFAULTS, new Dispatcher());
  }

  /** Starts the UA: its stack and listeners. Nothing is sent until asked. */
  public static UserAgent start(UaConfig config) {
    return new UserAgent(config);
  }

  public UaConfig config() {
    return config;
  }

  /** The stack underneath, for what this API does not cover. */
  public SipStack stack() {
    return stack;
  }

  /**
   * Registers the AoR (RFC 3261 §10.2) and keeps it registered: refreshed before it expires, and,
   * over TLS or TCP, kept alive and registered again when its flow fails (RFC 5626 §4.4, §4.5). The
   * stage completes at the first 2xx, or fails with {@link RequestFailedException}.
   *
   * <p>Called again while earlier registrations live, it adds one over a connection of its own with
   * the next {@code reg-id} (RFC 5626 §4.2: several flows for one instance, so that calls still
   * reach us while one of them is being replaced; the server uses one at a time).
   */
  public CompletionStage<Registration> register() {
    registrations.removeIf(
        r ->
            r.state() == Registration.State.UNREGISTERED || r.state() == Registration.State.FAILED);
    int regId = 1;
    while (true) {
      int id = regId;
      if (registrations.stream().noneMatch(r -> r.regId() == id)) {
        break;
      }
      regId++;
    }
    Registration r = new Registration(this, regId);
    registrations.add(r);
    return r.start();
  }

  /** Every registration made by {@link #register}, reg-id 1 first. */
  public List<Registration> registrations() {
    return List.copyOf(registrations);
  }

  /**
   * The local address our signalling leaves from toward the server: where a peer can best reach our
   * media too (connects to the server when not yet connected).
   */
  public CompletionStage<java.net.InetAddress> localAddress() {
    return flow().thenApply(f -> f.localAddress().getAddress());
  }

  /** The first registration, if {@link #register} was called. */
  public Optional<Registration> registration() {
    return registrations.stream().findFirst();
  }

  /** Sends OPTIONS (§11) to {@code target}; completes with the final response. */
  public CompletionStage<SipResponse> options(Uri target) {
    RequestSpec spec = outOfDialog(Methods.OPTIONS, target);
    spec.header(HeaderName.ACCEPT, "application/sdp");
    return send(spec);
  }

  /** Sends a MESSAGE (RFC 3428) with a text/plain body; completes with the final response. */
  public CompletionStage<SipResponse> message(Uri target, String text) {
    RequestSpec spec = outOfDialog(Methods.MESSAGE, target);
    spec.body(MediaType.parse("text/plain;charset=UTF-8"), text.getBytes(StandardCharsets.UTF_8));
    return send(spec);
  }

  /**
   * Subscribes to {@code event} at {@code target} for {@code expires} (RFC 6665); every NOTIFY goes
   * to {@code listener} on the event thread. The subscription is refreshed until {@link
   * Subscription#unsubscribe} or the notifier ends it.
   */
  public Subscription subscribe(
      Uri target, String event, Duration expires, Consumer<Subscription.Notification> listener) {
    Subscription s = new Subscription(this, target, event, expires, listener);
    subscriptions.put(s.key(), s); // before sending: a NOTIFY may overtake the 2xx
    onEvents(s::start);
    return s;
  }

  /**
   * Publishes event state (RFC 3903) to {@code target}: {@code body} of {@code type} for {@code
   * expires}, refreshed until {@link Publication#remove}.
   */
  public Publication publish(
      Uri target, String event, MediaType type, byte[] body, Duration expires) {
    Publication p = new Publication(this, target, event, type, body, expires);
    onEvents(p::start);
    return p;
  }

  /** Places a call to {@code target} with {@code media}; follow it on the returned {@link Call}. */
  public Call call(Uri target, CallMedia media) {
    Call call = Call.outgoing(this, target, media);
    onEvents(call::start);
    return call;
  }

  /**
   * Who takes new incoming calls. The handler gets each call ringing-to-be and must {@link
   * Call#ring}, {@link Call#answer} or {@link Call#reject} it (now or later). Without a handler
   * calls are rejected with 480.
   */
  public void onIncomingCall(Consumer<Call> handler) {
    this.incomingCalls = handler;
  }

  /** Who gets incoming MESSAGE requests (RFC 3428); each is answered 200 first. */
  public void onMessage(Consumer<ReceivedMessage> handler) {
    this.messages = handler;
  }

  /** Unregisters (waiting a little for the answer), ends every call, and stops the stack. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      CompletableFuture<Void> done = new CompletableFuture<>();
      onEvents(
          () -> {
            calls.values().forEach(Call::hangUp);
            CompletableFuture.allOf(
                    registrations.stream()
                        .map(Registration::unregister)
                        .toArray(CompletableFuture[]::new))
                .whenComplete((ok, e) -> done.complete(null));
          });
      done.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("closing: {}", e.toString());
    }
    stack.close();
    events.shutdownNow();
  }

  // ---- what calls and registrations use ----------------------------------------------------

  /** Runs {@code task} on the event thread: at once when already there, else queued. */
  void onEvents(Runnable task) {
    if (Thread.currentThread() == eventThread) {
      task.run();
      return;
    }
    try {
      events.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              log.warn("user agent event failed", e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("user agent closed; event dropped");
    }
  }

  /** Runs {@code task} on the event thread after {@code delay}. */
  Scheduler.Handle later(Duration delay, Runnable task) {
    return stack.transactions().scheduler().schedule(delay, () -> onEvents(task));
  }

  /** The flow requests go out on: a registered one, else a connection to the server. */
  CompletionStage<Flow> flow() {
    for (Registration r : registrations) {
      Flow f = r.flow();
      if (r.state() == Registration.State.REGISTERED && f != null && f.isOpen()) {
        return CompletableFuture.completedFuture(f);
      }
    }
    return stack.transport().connect(config.server());
  }

  /** A request outside any dialog, from our AoR with a new tag and Call-ID (§8.1.1). */
  RequestSpec outOfDialog(String method, Uri target) {
    return new RequestSpec(
        method,
        target,
        List.of(),
        self().withTag(newTag()),
        Address.of(target),
        newCallId(),
        1 + RANDOM.nextInt(1 << 16));
  }

  Address self() {
    return config.displayName() == null
        ? Address.of(config.aor())
        : Address.of(config.displayName(), config.aor());
  }

  /**
   * Sends a non-INVITE request and completes with its final response, answering a digest challenge
   * (§22.2) on the way. Fails with {@link TimeoutException} (Timer F) or the transport's error.
   */
  CompletionStage<SipResponse> send(RequestSpec spec) {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    send(spec, done, 0);
    return done;
  }

  private void send(RequestSpec spec, CompletableFuture<SipResponse> done, int challenges) {
    flow()
        .whenComplete(
            (flow, error) ->
                onEvents(
                    () -> {
                      if (error != null) {
                        done.completeExceptionally(error);
                        return;
                      }
                      SipRequest r = spec.render(flow, newBranch(), config.userAgent());
                      stack.sendRequest(r, flow, answerChallenges(spec, done, challenges));
                    }));
  }

  private ClientTransactionListener answerChallenges(
      RequestSpec spec, CompletableFuture<SipResponse> done, int challenges) {
    return onEventThread(
        (tx, response) -> {
          if (response.statusCode() < 200) {
            return;
          }
          if (authorize(spec, response, challenges)) {
            spec.nextCSeq();
            send(spec, done, challenges + 1);
          } else {
            done.complete(response);
          }
        },
        (code, why) ->
            done.completeExceptionally(
                code == 408
                    ? new TimeoutException(spec.method() + ": " + why)
                    : new java.io.IOException(spec.method() + ": " + why)));
  }

  /**
   * A client transaction listener that hands everything to the event thread: each response, and a
   * failure as the status RFC 3261 §8.1.3.1 says to take it for (408 when Timer B or F fired, 503
   * when the transport failed), with a reason for people.
   */
  ClientTransactionListener onEventThread(
      java.util.function.BiConsumer<ClientTransaction, SipResponse> responses,
      java.util.function.BiConsumer<Integer, String> failures) {
    return new ClientTransactionListener() {
      @Override
      public void onResponse(ClientTransaction tx, SipResponse response) {
        onEvents(() -> responses.accept(tx, response));
      }

      @Override
      public void onTimeout(ClientTransaction tx) {
        onEvents(() -> failures.accept(408, "no answer (RFC 3261 Timer B or F)"));
      }

      @Override
      public void onTransportError(ClientTransaction tx, Throwable cause) {
        onEvents(() -> failures.accept(503, "transport failed: " + cause.getMessage()));
      }
    };
  }

  /**
   * Puts credentials answering a 401 or 407 into {@code spec} (§22.2, §22.3) and says whether to
   * send it again: for the first challenge, and again only when the server says the nonce was
   * stale; a second plain challenge means the credentials are wrong, and the response stands.
   */
  boolean authorize(RequestSpec spec, SipResponse response, int challengesSoFar) {
    int code = response.statusCode();
    if ((code != 401 && code != 407) || digest == null) {
      return false;
    }
    List<Challenge> offered =
        response.all(code == 407 ? SipHeaders.PROXY_AUTHENTICATE : SipHeaders.WWW_AUTHENTICATE);
    boolean stale = offered.stream().anyMatch(Challenge::stale);
    if (challengesSoFar > 0 && !(stale && challengesSoFar < 3)) {
      return false;
    }
    Optional<String> answer = digest.answer(offered, spec.method(), spec.requestUri().toString());
    if (answer.isEmpty()) {
      log.info("{} challenge with no algorithm or qop this UA supports", code);
      return false;
    }
    HeaderName name = code == 407 ? HeaderName.PROXY_AUTHORIZATION : HeaderName.AUTHORIZATION;
    spec.credentials(List.of(HeaderField.of(name, answer.get())));
    return true;
  }

  SipStack sipStack() {
    return stack;
  }

  void subscriptionEnded(Subscription s) {
    subscriptions.remove(s.key(), s);
  }

  void callEnded(Call call) {
    calls.remove(call.key(), call);
  }

  void callDialog(Call call) {
    calls.put(call.key(), call);
  }

  Call findCall(String callId, String localTag) {
    return localTag == null ? null : calls.get(Call.key(callId, localTag));
  }

  boolean isClosed() {
    return closed;
  }

  static String newTag() {
    return random(8);
  }

  static String newCallId() {
    return random(16);
  }

  /** A branch with the RFC 3261 magic cookie (§8.1.1.7), unique across space and time. */
  static String newBranch() {
    return "z9hG4bK" + random(12);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  // ---- what arrives ------------------------------------------------------------------------

  /** The transaction user: everything that arrives is handed to the event thread. */
  private final class Dispatcher implements TransactionUser {
    @Override
    public void onRequest(ServerTransaction tx, SipRequest request) {
      onEvents(() -> handleRequest(tx, request));
    }

    @Override
    public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {
      onEvents(
          () -> {
            SipRequest c = cancel.request();
            Call call =
                invite
                    .flatMap(i -> calls.values().stream().filter(k -> k.isServing(i)).findFirst())
                    .orElse(null);
            // §9.2: 200 for a CANCEL that matches a transaction, 481 otherwise.
            cancel.respond(reply(c, invite.isPresent() ? 200 : 481).build());
            if (call != null) {
              call.cancelledByPeer();
            }
          });
    }

    @Override
    public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {
      onEvents(
          () -> {
            Call call = findCall(ack.callId(), ack.to().tag());
            if (call != null && call.fromRemoteParty(ack.from().tag())) {
              call.ackReceived(ack);
            }
          });
    }

    @Override
    public void onStrayResponse(SipResponse response, Wire wire) {
      onEvents(
          () -> {
            // A retransmitted 2xx after the INVITE transaction ended: its ACK was lost (§13.2.2.4).
            Call call = findCall(response.callId(), response.from().tag());
            if (call != null) {
              call.strayResponse(response);
            }
          });
    }
  }

  private void handleRequest(ServerTransaction tx, SipRequest request) {
    if (closed) {
      tx.respond(reply(request, 503).build());
      return;
    }
    String toTag = request.to().tag();
    if (toTag != null) {
      Subscription sub = subscriptions.get(Call.key(request.callId(), toTag));
      if (sub != null && request.isMethod("NOTIFY")) {
        sub.notifyReceived(tx, request); // RFC 6665 §4.1.3
        return;
      }
      Call call = findCall(request.callId(), toTag);
      if (call == null || !call.fromRemoteParty(request.from().tag())) {
        tx.respond(reply(request, 481).build()); // §12.2.2
      } else {
        call.inDialogRequest(tx, request);
      }
      return;
    }
    switch (request.method()) {
      case Methods.INVITE -> {
        Call call = Call.incoming(this, tx, request);
        incomingCalls.accept(call);
      }
      case Methods.OPTIONS ->
          // §11.2: what we can do, without a dialog.
          tx.respond(
              reply(request, 200)
                  .add(HeaderName.ALLOW, ALLOW)
                  .add(HeaderName.ACCEPT, "application/sdp, text/plain")
                  .build());
      case Methods.MESSAGE -> {
        tx.respond(reply(request, 200).build());
        messages.accept(ReceivedMessage.of(request));
      }
      case Methods.BYE -> tx.respond(reply(request, 481).build());
      case "SUBSCRIBE", "NOTIFY", "PUBLISH", "REFER", "INFO", "UPDATE", "PRACK" ->
          tx.respond(reply(request, 405).add(HeaderName.ALLOW, ALLOW).build()); // §8.2.1
      default -> tx.respond(reply(request, 501).add(HeaderName.ALLOW, ALLOW).build());
    }
  }

  /** A response to {@code request}; a request without a To tag gets a new one (§8.2.6.2). */
  SipResponse.Editor reply(SipRequest request, int code) {
    return reply(request, code, newTag());
  }

  /** A response to {@code request}, with {@code localTag} in To when the request had none. */
  SipResponse.Editor reply(SipRequest request, int code, String localTag) {
    SipResponse.Editor e = SipResponse.forRequest(request, code, null);
    if (request.to().tag() == null && code > 100) {
      e.set(HeaderName.TO, request.to().withTag(localTag).toString());
    }
    e.add(HeaderName.USER_AGENT, config.userAgent());
    return e;
  }

  /**
   * Our Contact inside a dialog: {@code sips:} when the dialog is secure (RFC 3261 §8.1.1.8), else
   * {@code sip:} with our transport; with {@code ob} when we are reached only over our own
   * connection (RFC 5626 §4.3), so that in-dialog requests come back over it.
   */
  SipUri dialogContact(Flow flow, boolean secureDialog) {
    SipUri u = contactUri(flow, secureDialog);
    return flow.transport().reliable() && config.listeners().isEmpty()
        ? u.withParameter("ob", null)
        : u;
  }

  /** Whether the AoR's scheme asks for TLS end to end (RFC 3261 §26.2.2). */
  boolean secure() {
    return config.aor().isSecure();
  }

  /**
   * A URI for us at {@code flow}'s local address: {@code sips:}, or {@code sip:} with transport.
   */
  SipUri contactUri(Flow flow, boolean sips) {
    SipUri u =
        SipUri.of(
            sips,
            config.aor().user(),
            io.sipher.message.uri.HostPort.of(
                io.sipher.stack.transport.Addresses.host(flow.localAddress().getAddress()),
                flow.localAddress().getPort()));
    if (!sips) {
      u = u.withParameter("transport", flow.transport().name().toLowerCase(java.util.Locale.ROOT));
    }
    return u;
  }
}
