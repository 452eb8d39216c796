package io.sipher.cli.bench;

import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Challenge;
import io.sipher.message.header.SipHeaders;
import io.sipher.stack.transport.Addresses;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.Transport;
import io.sipher.ua.DigestClient;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One simulated phone: a user with credentials, the flow it sends on, and the counters a real phone
 * keeps (the REGISTER CSeq must grow within its Call-ID, RFC 3261 §10.2.4). A phone runs one
 * attempt at a time.
 */
final class Phone {
  /** Holds nothing but its limits, so one serves every phone on every thread. */
  private static final SipParser PARSER = new SipParser();

  final String user;
  final String domain;
  final Transport transport;
  final InetAddress sourceAddress;
  final DigestClient digest;
  private final String runId;
  private final String contact;
  private volatile Flow flow;
  private long registerCSeq;
  private long attempts;

  Phone(
      String user,
      String password,
      String domain,
      Transport transport,
      InetAddress sourceAddress,
      String runId,
      String contact) {
    this.user = user;
    this.domain = domain;
    this.transport = transport;
    this.sourceAddress = sourceAddress;
    this.digest = new DigestClient(user, password);
    this.runId = runId;
    this.contact =
        contact != null
            ? contact
            // A fixed Contact per phone, so that repeated registrations (even over new
            // connections) refresh one binding instead of adding one each time.
            : "<sip:"
                + user
                + "@"
                + sourceAddress.getHostAddress()
                + ";transport="
                + transport.name().toLowerCase(java.util.Locale.ROOT)
                + ">";
  }

  Flow flow() {
    return flow;
  }

  void useFlow(Flow f) {
    this.flow = f;
  }

  String aor() {
    return "sip:" + user + "@" + domain;
  }

  /** A number unique to this phone's next attempt, for Call-IDs, tags and branches. */
  synchronized long nextAttempt() {
    return ++attempts;
  }

  /** Credentials for a request: Authorization or Proxy-Authorization, and its value. */
  record Auth(String header, String value) {}

  /**
   * Credentials answering a 401 or 407 (RFC 3261 §22.2, §22.3) to a request of {@code method} to
   * {@code uri}; null when the response is no challenge or none of its challenges can be answered.
   */
  Auth answer(SipResponse response, String method, String uri) {
    int code = response.statusCode();
    if (code != 401 && code != 407) {
      return null;
    }
    boolean proxy = code == 407;
    List<Challenge> offered =
        response.all(proxy ? SipHeaders.PROXY_AUTHENTICATE : SipHeaders.WWW_AUTHENTICATE);
    return digest
        .answer(offered, method, uri)
        .map(v -> new Auth(proxy ? "Proxy-Authorization" : "Authorization", v))
        .orElse(null);
  }

  /** A REGISTER of this phone's Contact for {@code expires} seconds, with optional credentials. */
  SipRequest register(int expires, Auth auth) {
    return register(contact, expires, auth);
  }

  /** A REGISTER removing every binding of this phone's address-of-record (RFC 3261 §10.2.2). */
  SipRequest unregisterAll(Auth auth) {
    return register("*", 0, auth);
  }

  private synchronized SipRequest register(String contactValue, int expires, Auth auth) {
    long cseq = ++registerCSeq;
    StringBuilder m = startLine("REGISTER", "sip:" + domain, "r" + cseq);
    headers(
        m, aor(), "r" + runId, "<" + aor() + ">", "reg-" + user + "-" + runId, cseq, "REGISTER");
    m.append("Contact: ").append(contactValue).append("\r\n");
    m.append("Expires: ").append(expires).append("\r\n");
    return finish(m, auth, null);
  }

  /** An out-of-dialog OPTIONS to the server's domain. */
  SipRequest options(long n, int cseq, Auth auth) {
    StringBuilder m = startLine("OPTIONS", "sip:" + domain, "o" + n + "." + cseq);
    headers(m, aor(), "o" + n, "<sip:" + domain + ">", callId("o", n), cseq, "OPTIONS");
    m.append("Accept: application/sdp\r\n");
    return finish(m, auth, null);
  }

  /** The INVITE of attempt {@code n} to {@code callee}, with an audio offer. */
  SipRequest invite(long n, String callee, int cseq, Auth auth) {
    String target = "sip:" + callee + "@" + domain;
    StringBuilder m = startLine("INVITE", target, "i" + n + "." + cseq);
    headers(m, aor(), "c" + n, "<" + target + ">", callId("c", n), cseq, "INVITE");
    m.append("Contact: ").append(contact).append("\r\n");
    String host = sourceAddress.getHostAddress();
    String ip = host.contains(":") ? "IP6" : "IP4";
    String sdp =
        "v=0\r\no=- "
            + n
            + " 1 IN "
            + ip
            + " "
            + host
            + "\r\ns=-\r\nc=IN "
            + ip
            + " "
            + host
            + "\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:8 PCMA/8000\r\n";
    return finish(m, auth, sdp);
  }

  /**
   * A request inside the dialog made by attempt {@code n}'s INVITE (RFC 3261 §12.2.1.1): to the
   * remote target, along the route set, with the remote tag in To.
   */
  SipRequest inDialog(
      String method, long n, String remoteTarget, String routeSet, String to, int cseq, Auth auth) {
    StringBuilder m = startLine(method, remoteTarget, method.charAt(0) + "" + n + "." + cseq);
    headers(m, aor(), "c" + n, to, callId("c", n), cseq, method);
    if (!routeSet.isEmpty()) {
      m.append("Route: ").append(routeSet).append("\r\n");
    }
    return finish(m, auth, null);
  }

  private StringBuilder startLine(String method, String uri, String branchSuffix) {
    Flow f = flow;
    StringBuilder m = new StringBuilder(640);
    m.append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
    m.append("Via: SIP/2.0/").append(transport.name()).append(' ');
    if (f != null) {
      m.append(Addresses.format(f.localAddress()));
    } else {
      m.append("phone.invalid");
    }
    // RFC 3261 §8.1.1.7: the magic cookie, then a value unique to this phone and request.
    m.append(";branch=z9hG4bK")
        .append(runId)
        .append('.')
        .append(user)
        .append('.')
        .append(branchSuffix)
        .append(";rport\r\n");
    return m;
  }

  private void headers(
      StringBuilder m,
      String from,
      String fromTag,
      String to,
      String callId,
      long cseq,
      String method) {
    m.append("Max-Forwards: 70\r\n");
    m.append("From: <").append(from).append(">;tag=").append(fromTag).append("\r\n");
    m.append("To: ").append(to).append("\r\n");
    m.append("Call-ID: ").append(callId).append("\r\n");
    m.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
    m.append("User-Agent: sipher-bench\r\n");
  }

  private String callId(String kind, long n) {
    return kind + n + "-" + user + "-" + runId + "@bench.invalid";
  }

  private static SipRequest finish(StringBuilder m, Auth auth, String sdp) {
    if (auth != null) {
      m.append(auth.header()).append(": ").append(auth.value()).append("\r\n");
    }
    if (sdp != null) {
      m.append("Content-Type: application/sdp\r\n");
      m.append("Content-Length: ").append(sdp.length()).append("\r\n\r\n").append(sdp);
    } else {
      m.append("Content-Length: 0\r\n\r\n");
    }
    ParseResult r = PARSER.parseDatagram(m.toString().getBytes(StandardCharsets.UTF_8));
    if (r instanceof ParseResult.Parsed p) {
      return (SipRequest) p.message();
    }
    throw new IllegalStateException("built an unparseable request: " + r);
  }
}
