package io.sipher.cli.bench;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Addresses;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Runs one load plan: opens the connections, registers the callee when calls are made, then starts
 * attempts (at the planned rate, or each phone again as soon as it is done) through a warm-up and a
 * measured period, declares attempts that take longer than the timeout failed, and sums up.
 *
 * <p>Phones run one attempt at a time, so the number of phones bounds the attempts in flight; when
 * every phone is busy the planned rate cannot be offered, and the summary says how far it fell
 * short instead of quietly measuring a lower load.
 */
final class LoadGenerator implements AutoCloseable {
  /** Connection attempts in progress at once while opening the connections. */
  private static final int CONNECT_CONCURRENCY = 200;

  /** Room for 32 s of the generator's transactions at some 30,000 calls a second. */
  private static final int GENERATOR_MAX_TRANSACTIONS = 2_000_000;

  private final LoadPlan plan;
  private final Progress progress;
  private final String runId =
      Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0x7fffffff);
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-timers");
            t.setDaemon(true);
            return t;
          });
  private final Set<Attempt> inFlight = ConcurrentHashMap.newKeySet();
  private final Queue<Phone> idle = new ConcurrentLinkedQueue<>();
  private final AtomicLong shortfall = new AtomicLong();
  private final ThreadLocal<int[]> startDepth = ThreadLocal.withInitial(() -> new int[1]);
  private final SipStack stack;
  private final Callee callee = new Callee();
  private Phone calleePhone;
  private volatile LoadStats stats = new LoadStats();
  private volatile boolean starting;

  LoadGenerator(LoadPlan plan, TransportConfig transport, Progress progress) {
    this.plan = plan;
    this.progress = progress;
    List<ListenerConfig> listeners = new ArrayList<>();
    if (plan.transport() == Transport.UDP) {
      // The phones' socket; a UDP callee has its own listener (below).
      listeners.add(
          ListenerConfig.plain(Transport.UDP, new InetSocketAddress(plan.sources().get(0), 0)));
    }
    if (plan.scenario() == LoadPlan.Scenario.CALL && plan.calleeListen() != null) {
      listeners.add(
          plan.transport().secure()
              ? ListenerConfig.secure(
                  plan.transport(),
                  plan.calleeListen(),
                  TlsServerConfig.of(plan.calleeCertificate()))
              : ListenerConfig.plain(plan.transport(), plan.calleeListen()));
    }
    this.stack =
        SipStack.start(
            transport,
            listeners,
            // An answered INVITE's client transaction lingers 64*T1 in Accepted (RFC 6026), so
            // the table holds about 32 s of calls: far more than a server's default allows.
            TransactionConfig.DEFAULTS.withMaxTransactions(GENERATOR_MAX_TRANSACTIONS),
            callee);
  }

  SipStack stack() {
    return stack;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  /** Runs the plan and sums it up. */
  LoadSummary run() throws Exception {
    long connectStart = System.nanoTime();
    ProcessMeter server = ProcessMeter.of(plan.serverPids());
    long memoryBefore = server.pssBytes();
    List<Flow> flows = plan.reconnect() ? List.of() : openConnections();
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    List<Phone> phones = makePhones(flows);
    if (plan.scenario() == LoadPlan.Scenario.CONNECT) {
      return holdConnections(flows, connectSeconds, server, memoryBefore);
    }
    if (plan.scenario() == LoadPlan.Scenario.CALL) {
      registerCallee();
    }
    idle.addAll(phones);
    starting = true;
    Thread pacer = null;
    if (plan.rate() > 0) {
      pacer = new Thread(this::pace, "bench-pacer");
      pacer.setDaemon(true);
      pacer.start();
    } else {
      Phone p;
      while ((p = idle.poll()) != null) {
        start(p);
      }
    }
    timers.scheduleAtFixedRate(this::expireSlowAttempts, 100, 100, TimeUnit.MILLISECONDS);
    progress.begin("warm-up", () -> stats, inFlight::size);
    sleep(plan.warmup());

    LoadStats measured = new LoadStats();
    ProcessMeter self = ProcessMeter.self();
    double serverCpu0 = server.cpuSeconds();
    double selfCpu0 = self.cpuSeconds();
    long shortfall0 = shortfall.get();
    long t0 = System.nanoTime();
    stats = measured;
    progress.phase("measuring");
    sleep(plan.duration());
    starting = false;
    double seconds = (System.nanoTime() - t0) / 1e9;
    double serverCpu = server.cpuSeconds() - serverCpu0;
    double selfCpu = self.cpuSeconds() - selfCpu0;
    long notOffered = shortfall.get() - shortfall0;
    if (pacer != null) {
      pacer.join();
    }
    // Attempts still running finish (or time out) and count.
    long deadline =
        System.nanoTime() + plan.timeout().toNanos() + TimeUnit.MILLISECONDS.toNanos(500);
    while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    expireSlowAttempts();
    progress.end();
    return new LoadSummary(
        plan,
        flows.size(),
        connectSeconds,
        seconds,
        measured.succeeded(),
        measured.failed(),
        measured.failuresByReason(),
        measured.latencies(),
        notOffered,
        serverCpu,
        server.processCount(),
        selfCpu,
        memoryBefore,
        server.pssBytes());
  }

  /** The phones' connections, opened a few hundred at a time, from the source addresses in turn. */
  private List<Flow> openConnections() throws Exception {
    if (plan.transport() == Transport.UDP) {
      return List.of(stack.transport().openNew(plan.server()).toCompletableFuture().get());
    }
    Semaphore permits = new Semaphore(CONNECT_CONCURRENCY);
    List<CompletableFuture<Flow>> opening = new ArrayList<>();
    for (int i = 0; i < plan.connections(); i++) {
      permits.acquire();
      CompletableFuture<Flow> f =
          stack
              .transport()
              .openNew(plan.server(), plan.sources().get(i % plan.sources().size()))
              .toCompletableFuture();
      f.whenComplete((flow, e) -> permits.release());
      opening.add(f);
      progress.note("connecting " + (i + 1) + "/" + plan.connections());
    }
    List<Flow> flows = new ArrayList<>();
    for (CompletableFuture<Flow> f : opening) {
      try {
        flows.add(f.get(plan.timeout().toMillis() + 10_000, TimeUnit.MILLISECONDS));
      } catch (ExecutionException e) {
        throw new BenchException(
            "connection "
                + (flows.size() + 1)
                + " of "
                + plan.connections()
                + " to "
                + plan.server().address()
                + " failed: "
                + e.getCause().getMessage());
      }
    }
    return flows;
  }

  private List<Phone> makePhones(List<Flow> flows) {
    List<Phone> phones = new ArrayList<>();
    for (int i = 0; i < plan.users().size(); i++) {
      Phone p =
          new Phone(
              plan.users().get(i),
              plan.password(),
              plan.domain(),
              plan.transport(),
              plan.sources().get(i % plan.sources().size()),
              runId,
              null);
      if (!flows.isEmpty()) {
        p.useFlow(flows.get(i % flows.size()));
      }
      phones.add(p);
    }
    return phones;
  }

  /**
   * Registers the callee: over its listener's address when it has one, else as an RFC 5626 outbound
   * client on a connection of its own, which the proxy then calls it over.
   */
  private void registerCallee() throws Exception {
    String transport = plan.transport().name().toLowerCase(Locale.ROOT);
    String contact;
    String answerContact;
    if (plan.calleeListen() != null) {
      // The callee's own listener (a UDP run also has the phones' socket), as bound.
      InetSocketAddress at =
          stack.transport().listeners().stream()
              .filter(l -> l.config().address().equals(plan.calleeListen()))
              .findFirst()
              .orElseThrow()
              .address();
      answerContact =
          "<sip:" + plan.callee() + "@" + Addresses.format(at) + ";transport=" + transport + ">";
      contact = answerContact;
    } else {
      answerContact = "<sip:" + plan.callee() + "@callee.invalid;transport=" + transport + ";ob>";
      contact =
          answerContact
              + ";+sip.instance=\"<urn:uuid:"
              + UUID.nameUUIDFromBytes(plan.callee().getBytes(StandardCharsets.UTF_8))
              + ">\";reg-id=1";
    }
    callee.answerWith(answerContact);
    Phone phone =
        new Phone(
            plan.callee(),
            plan.password(),
            plan.domain(),
            plan.transport(),
            plan.sources().get(0),
            runId,
            contact);
    phone.useFlow(stack.transport().openNew(plan.server()).toCompletableFuture().get());
    // Bindings left by an earlier run (a dead flow, a closed port) would be forked to; the callee
    // belongs to this run, so it starts from none.
    expectSuccess(phone, phone::unregisterAll, "remove the old registrations of");
    expectSuccess(phone, auth -> phone.register(plan.registerExpires(), auth), "register");
    calleePhone = phone;
  }

  /** Sends a REGISTER built by {@code request}, answering one challenge, and wants a 2xx. */
  private void expectSuccess(Phone phone, Function<Phone.Auth, SipRequest> request, String what)
      throws Exception {
    SipResponse r = finalResponse(phone, request.apply(null));
    if (r.statusCode() == 401 || r.statusCode() == 407) {
      r = finalResponse(phone, request.apply(phone.answer(r, "REGISTER", "sip:" + plan.domain())));
    }
    if (r.statusCode() >= 300) {
      throw new BenchException(
          "the callee could not "
              + what
              + " "
              + plan.callee()
              + ": "
              + r.statusCode()
              + " "
              + r.reasonPhrase());
    }
  }

  private SipResponse finalResponse(Phone phone, SipRequest request) throws Exception {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    stack.sendRequest(request, phone.flow(), ClientTransactionListener.completing(done));
    try {
      return done.get(plan.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new BenchException("no answer to " + request.method() + " within " + plan.timeout());
    }
  }

  /** The connect scenario: the connections stay open and idle for the duration. */
  private LoadSummary holdConnections(
      List<Flow> flows, double connectSeconds, ProcessMeter server, long memoryBefore)
      throws InterruptedException {
    // Said even when quiet: a script measuring the server waits for this line.
    progress.say(
        flows.size() + " connections open; holding them for " + plan.duration().toSeconds() + " s");
    sleep(plan.duration());
    long open = flows.stream().filter(Flow::isOpen).count();
    long memoryAfter = server.pssBytes();
    progress.end();
    return new LoadSummary(
        plan,
        (int) open,
        connectSeconds,
        plan.duration().toNanos() / 1e9,
        open,
        flows.size() - open,
        open == flows.size() ? Map.of() : Map.of("closed", flows.size() - open),
        new Histogram(3),
        0,
        0,
        server.processCount(),
        0,
        memoryBefore,
        memoryAfter);
  }

  /** Starts attempts at the planned rate from one thread, as long as there are idle phones. */
  private void pace() {
    double perNanosecond = plan.rate() / 1e9;
    long maxLag = Math.max(1, (long) (plan.rate() / 10)); // at most 100 ms worth catches up
    long t0 = System.nanoTime();
    long started = 0;
    while (starting) {
      long due = (long) ((System.nanoTime() - t0) * perNanosecond) + 1;
      while (started < due) {
        Phone p = idle.poll();
        if (p == null) {
          break;
        }
        start(p);
        started++;
      }
      if (due - started > maxLag) {
        shortfall.addAndGet(due - started - maxLag);
        started = due - maxLag;
      }
      LockSupport.parkNanos(started < due ? 20_000 : Math.max(1_000, (long) (1 / perNanosecond)));
    }
  }

  private void start(Phone phone) {
    Attempt a =
        switch (plan.scenario()) {
          case REGISTER -> new Attempt.Register(this, phone, stats, plan.registerExpires());
          case OPTIONS -> new Attempt.Options(this, phone, stats);
          case CALL -> new CallAttempt(this, phone, stats, plan.callee(), plan.hold());
          case CONNECT -> throw new IllegalStateException("no attempts in the connect scenario");
        };
    inFlight.add(a);
    if (!plan.reconnect()) {
      a.begin();
      return;
    }
    stack
        .transport()
        .openNew(plan.server(), phone.sourceAddress)
        .whenComplete(
            (flow, e) -> {
              if (e != null) {
                a.fail("connect");
              } else {
                phone.useFlow(flow);
                a.begin();
              }
            });
  }

  /** Called once per attempt when it ends: the phone is free again. */
  void ended(Attempt a) {
    inFlight.remove(a);
    if (plan.reconnect() && a.phone.flow() != null) {
      a.phone.flow().close();
    }
    if (!starting) {
      return;
    }
    int[] depth = startDepth.get();
    if (plan.rate() == 0 && depth[0] < 4) {
      // As fast as it goes: the phone starts over on this thread, without a hand-off; an attempt
      // that fails at once must not recurse without bound, so deep chains go through the queue.
      depth[0]++;
      try {
        start(a.phone);
      } finally {
        depth[0]--;
      }
    } else if (plan.rate() == 0) {
      timers.execute(() -> start(a.phone));
    } else {
      idle.offer(a.phone);
    }
  }

  private void expireSlowAttempts() {
    long limit = System.nanoTime() - plan.timeout().toNanos();
    for (Attempt a : inFlight) {
      if (a.startedNanos < limit) {
        a.fail("timeout");
      }
    }
  }

  private static void sleep(Duration d) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(d.toMillis());
  }

  @Override
  public void close() {
    starting = false;
    if (calleePhone != null) {
      try {
        // Leave no binding behind to be forked to once this generator is gone.
        expectSuccess(calleePhone, a -> calleePhone.register(0, a), "unregister");
      } catch (Exception e) {
        // The server may be gone already; its bindings then do not matter.
      }
    }
    timers.shutdownNow();
    stack.close();
  }
}
