package io.sipher.server.auth;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.message.auth.DigestMath;
import io.sipher.message.header.AuthenticationInfo;
import io.sipher.message.header.Credentials;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.header.TypedHeader;
import io.sipher.message.uri.Parameters;
import io.sipher.message.uri.Uri;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP digest authentication (RFC 3261 §22 with the algorithms of RFC 7616 and RFC 8760), for a
 * registrar or UAS (401, Authorization) and for a proxy (407, Proxy-Authorization).
 *
 * <p>What it decides, in order:
 *
 * <ol>
 *   <li>A source address with too many recent failures is refused with 403 (see {@link
 *       AuthConfig}). SIP has no 429 (that code means "Provide Referrer Identity", RFC 3892), and a
 *       503 would make upstream proxies treat the whole server as down (RFC 3261 §21.5.4), so 403
 *       it is.
 *   <li>Without Digest credentials for our realm (RFC 3261 §22.3: others' credentials are not ours
 *       to judge), the request is challenged.
 *   <li>Credentials that cannot be checked are refused with 400: a missing parameter, a {@code qop}
 *       other than {@code auth} (we always offer {@code qop}, so RFC 3261 §22.4 item 8 obliges the
 *       client to return it: the RFC 2069 form without qop is never accepted), a malformed {@code
 *       nc}, {@code userhash} or {@code username*} (not used in SIP), or a {@code uri} that does
 *       not name the Request-URI (RFC 7616 §3.4.6 says 400; the check can be turned off, as RFC
 *       3261 §22.4 allows, for deployments where a proxy before us retargets requests).
 *   <li>An algorithm we do not offer, a nonce we did not issue (or issued for another realm or
 *       algorithm), an {@code opaque} that is not ours (a missing one is tolerated: it carries no
 *       security), an unknown user and a wrong response all get a fresh challenge without {@code
 *       stale}. An unknown user is checked against a decoy HA1 so that it takes as long as a wrong
 *       password, and both give the same response: the server does not reveal which usernames
 *       exist. Responses are compared in constant time.
 *   <li>A right response on an expired nonce, or on a nonce-count not above the last one accepted
 *       for that nonce (a replay, RFC 7616 §3.4: nc must increase), gets a challenge with {@code
 *       stale=true}: the client knows the password, it only needs a new nonce.
 * </ol>
 *
 * <p>Failures that count towards blocking a source are those that could be guessing or probing:
 * malformed credentials, foreign nonces, unknown users, wrong responses. Missing credentials, stale
 * nonces and replays do not: ordinary phones produce them.
 *
 * <p>Logging: each failure at DEBUG with the username and a reason; the start of a block at WARN,
 * at most one line a second for the whole server. Passwords, HA1s, nonces, responses and whole
 * header values are never logged.
 *
 * <p>Thread-safe; it runs on the network threads. ACK and CANCEL must not be challenged (RFC 3261
 * §22.1: they cannot be resubmitted); that is the caller's decision.
 */
public final class DigestAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(DigestAuthenticator.class);
  private static final int SECRET_LENGTH = 32;

  // The reasons given in outcomes: fixed phrases, for logs and metrics.
  public static final String NO_CREDENTIALS = "no credentials for the realm";
  public static final String BLOCKED = "source blocked after repeated failures";
  public static final String MALFORMED = "malformed credentials";
  public static final String QOP = "qop=auth required";
  public static final String URI_MISMATCH = "digest uri does not match the Request-URI";
  public static final String ALGORITHM = "algorithm not offered";
  public static final String FORGED = "nonce not issued by us";
  public static final String OPAQUE = "opaque does not match";
  public static final String UNKNOWN_USER = "unknown user";
  static final String NO_HA1 = "no HA1 for the algorithm";
  public static final String WRONG_RESPONSE = "wrong response";
  public static final String STALE = "stale nonce";
  public static final String REPLAY = "nonce count replayed";
  public static final String FORGOTTEN = "nonce no longer tracked";

  private final AuthConfig config;
  private final CredentialStore store;
  private final Clock clock;
  private final Nonces nonces;
  private final NonceCounts counts;
  private final FailureThrottle throttle;
  private final ChallengeBuilder challenges;
  private final Map<DigestAlgorithm, String> decoyHa1 = new EnumMap<>(DigestAlgorithm.class);
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressedWarnings = new AtomicLong();

  /**
   * @param secret at least 32 random bytes (see {@link #newSecret()}); nonces and To tags are keyed
   *     with it. Keep it across restarts and nonces handed out before stay valid; the array is
   *     copied.
   * @param clock the time for nonce ages and failure windows
   */
  public DigestAuthenticator(AuthConfig config, CredentialStore store, byte[] secret, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (secret.length < SECRET_LENGTH) {
      throw new IllegalArgumentException("the secret must have at least 32 bytes");
    }
    byte[] key = secret.clone();
    this.nonces = new Nonces(key, config.nonceLifetime());
    this.counts = new NonceCounts(config.maxTrackedNonces(), nonces.lifetimeMillis());
    this.throttle = new FailureThrottle(config);
    this.challenges = new ChallengeBuilder(config, nonces, key);
    KeyedHash decoy = new KeyedHash(key, "sipher digest decoy ha1 v1");
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      byte[] mac = decoy.sign(a.token().getBytes(StandardCharsets.US_ASCII));
      decoyHa1.put(a, a.hash(HexFormat.of().formatHex(mac)));
    }
  }

  /** 32 bytes from a strong random source, for a new server's secret. */
  public static byte[] newSecret() {
    byte[] b = new byte[SECRET_LENGTH];
    new SecureRandom().nextBytes(b);
    return b;
  }

  public AuthConfig config() {
    return config;
  }

  /**
   * A challenge for {@code request} without looking at its credentials: 401 with WWW-Authenticate,
   * or 407 with Proxy-Authenticate when {@code proxy}.
   */
  public SipResponse challenge(SipRequest request, String realm, boolean proxy) {
    return challenges.build(request, realm, proxy, false, clock.millis());
  }

  /**
   * Decides whether {@code request} carries valid digest credentials for {@code realm}.
   *
   * @param proxy true for a proxy: Proxy-Authorization is read and 407 sent; false for a registrar
   *     or other UAS: Authorization and 401
   * @param source the address the request came from, for throttling
   */
  public Outcome authenticate(SipRequest request, String realm, boolean proxy, InetAddress source) {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(source, "source");
    long now = clock.millis();
    if (throttle.isBlocked(source, now)) {
      // No log line per request: the block was logged when it started.
      return new Outcome.Refused(refusal(request, 403, "Too Many Failed Authentications"), BLOCKED);
    }
    Credentials c;
    try {
      c = pick(request, realm, proxy);
    } catch (RuntimeException unparseable) {
      return refuse(request, source, now, null, MALFORMED);
    }
    if (c == null) {
      return challenge(request, realm, proxy, false, now, NO_CREDENTIALS);
    }
    Parameters p = c.parameters();
    String user = c.username();
    if (user == null
        || c.nonce() == null
        || c.uri() == null
        || c.response() == null
        || p.contains("username*")
        || "true".equalsIgnoreCase(p.valueOrNull("userhash"))) {
      return refuse(request, source, now, user, MALFORMED);
    }
    if (!"auth".equalsIgnoreCase(c.qop())) {
      return refuse(request, source, now, user, QOP);
    }
    long nc = parseNonceCount(c.nc());
    if (nc <= 0 || c.cnonce() == null || c.cnonce().isEmpty()) {
      return refuse(request, source, now, user, MALFORMED);
    }
    if (config.checkDigestUri() && !uriMatches(c.uri(), request)) {
      return refuse(request, source, now, user, URI_MISMATCH);
    }
    Optional<DigestAlgorithm> offered =
        DigestAlgorithm.fromToken(p.valueOrNull("algorithm")).filter(config.algorithms()::contains);
    if (offered.isEmpty()) {
      return fail(request, realm, proxy, source, now, user, ALGORITHM);
    }
    DigestAlgorithm algorithm = offered.get();
    Nonces.Check nonce = nonces.check(c.nonce(), realm, algorithm, now);
    if (nonce.status() == Nonces.Status.FORGED) {
      return fail(request, realm, proxy, source, now, user, FORGED);
    }
    // An opaque that comes back must be ours; one that does not is tolerated (see Nonces.opaque).
    if (c.opaque() != null && !nonces.opaqueMatches(realm, c.opaque())) {
      return fail(request, realm, proxy, source, now, user, OPAQUE);
    }

    Optional<UserCredentials> known = store.find(user, realm);
    String ha1 = known.map(u -> u.ha1().get(algorithm)).orElse(null);
    boolean userKnown = ha1 != null;
    if (!userKnown) {
      ha1 = decoyHa1.get(algorithm); // same work as for a real user: no timing difference
    }
    String ncText = c.nc();
    String expected =
        DigestMath.response(
            algorithm, ha1, c.nonce(), ncText, c.cnonce(), request.method(), c.uri());
    boolean right =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    if (!right || !userKnown) {
      String reason = userKnown ? WRONG_RESPONSE : known.isPresent() ? NO_HA1 : UNKNOWN_USER;
      return fail(request, realm, proxy, source, now, user, reason);
    }

    // The client knows the password. Whatever is wrong now is about the nonce, not the user.
    if (nonce.status() == Nonces.Status.STALE) {
      return challenge(request, realm, proxy, true, now, STALE);
    }
    switch (counts.advance(nonce.id(), nonce.issuedAt(), nc, now)) {
      case REPLAYED:
        log.debug("digest authentication refused: user={} reason={}", printable(user), REPLAY);
        return challenge(request, realm, proxy, true, now, REPLAY);
      case FORGOTTEN:
        return challenge(request, realm, proxy, true, now, FORGOTTEN);
      case ACCEPTED:
      default:
        break;
    }
    AuthenticationInfo info =
        proxy ? null : authenticationInfo(algorithm, ha1, c, realm, nonce.issuedAt(), now);
    return new Outcome.Authenticated(known.get().user(), algorithm, info);
  }

  /**
   * Our credentials among the request's: Digest, for our realm (RFC 3261 §22.3: a proxy MUST NOT
   * consume credentials for another realm), preferring one whose algorithm we offer when a client
   * sent several.
   */
  private Credentials pick(SipRequest request, String realm, boolean proxy) {
    TypedHeader<Credentials> header =
        proxy ? SipHeaders.PROXY_AUTHORIZATION : SipHeaders.AUTHORIZATION;
    Credentials ours = null;
    for (Credentials c : request.all(header)) {
      if (!c.isDigest() || !realm.equals(c.realm())) {
        continue;
      }
      boolean offered =
          DigestAlgorithm.fromToken(c.parameters().valueOrNull("algorithm"))
              .filter(config.algorithms()::contains)
              .isPresent();
      if (offered) {
        return c;
      }
      ours = ours == null ? c : ours;
    }
    return ours;
  }

  /** The nonce-count: exactly 8 hex digits (RFC 7616 §3.4), or -1. */
  private static long parseNonceCount(String nc) {
    if (nc == null || nc.length() != 8) {
      return -1;
    }
    try {
      return Long.parseLong(nc, 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Whether the digest {@code uri} names the Request-URI: the same text (what nearly every client
   * sends, as RFC 3261 §22.4 asks the uri to be the Request-URI), or an equivalent URI by RFC 3261
   * §19.1.4, which absorbs case and parameter-order differences introduced on the way.
   */
  private static boolean uriMatches(String digestUri, SipRequest request) {
    if (digestUri.equals(request.requestUriText())) {
      return true;
    }
    try {
      return Uri.parse(digestUri).equivalent(request.requestUri());
    } catch (RuntimeException unparseable) {
      return false;
    }
  }

  /**
   * RFC 7616 §3.5: {@code qop}, {@code rspauth}, {@code cnonce} and {@code nc} echo the request,
   * and a {@code nextnonce} is handed out once the nonce has used half its lifetime, so that a busy
   * client moves on before it meets a stale challenge.
   */
  private AuthenticationInfo authenticationInfo(
      DigestAlgorithm algorithm, String ha1, Credentials c, String realm, long issuedAt, long now) {
    List<Parameters.Parameter> p = new ArrayList<>(5);
    if (nonces.pastHalfLife(issuedAt, now)) {
      p.add(new Parameters.Parameter("nextnonce", nonces.issue(realm, algorithm, now), true));
    }
    p.add(new Parameters.Parameter("qop", "auth", false));
    String rspauth = DigestMath.rspauth(algorithm, ha1, c.nonce(), c.nc(), c.cnonce(), c.uri());
    p.add(new Parameters.Parameter("rspauth", rspauth, true));
    p.add(new Parameters.Parameter("cnonce", c.cnonce(), true));
    p.add(new Parameters.Parameter("nc", c.nc(), false));
    return new AuthenticationInfo(Parameters.of(p));
  }

  private Outcome.Challenge challenge(
      SipRequest request, String realm, boolean proxy, boolean stale, long now, String reason) {
    return new Outcome.Challenge(challenges.build(request, realm, proxy, stale, now), reason);
  }

  /** A failure the client may retry after a new challenge; it counts towards a block. */
  private Outcome fail(
      SipRequest request,
      String realm,
      boolean proxy,
      InetAddress source,
      long now,
      String user,
      String reason) {
    countFailure(source, now, user, reason);
    return challenge(request, realm, proxy, false, now, reason);
  }

  /** Credentials that cannot be checked: 400 (RFC 7616 §3.4.6); counts towards a block. */
  private Outcome refuse(
      SipRequest request, InetAddress source, long now, String user, String reason) {
    countFailure(source, now, user, reason);
    return new Outcome.Refused(refusal(request, 400, "Bad Request (" + reason + ")"), reason);
  }

  private void countFailure(InetAddress source, long now, String user, String reason) {
    if (log.isDebugEnabled()) {
      log.debug(
          "digest authentication failed: user={} source={} reason={}",
          printable(user),
          source.getHostAddress(),
          reason);
    }
    if (throttle.recordFailure(source, now)) {
      warnBlocked(source, now, user, reason);
    }
  }

  /** At most one line a second for the whole server, so that an attack cannot flood the log. */
  private void warnBlocked(InetAddress source, long now, String user, String reason) {
    long last = lastWarning.get();
    if (last != Long.MIN_VALUE && now - last < 1000 || !lastWarning.compareAndSet(last, now)) {
      suppressedWarnings.incrementAndGet();
      return;
    }
    long suppressed = suppressedWarnings.getAndSet(0);
    log.warn(
        "blocking {} for {} s after {} failed digest authentications (last: user={} reason={}){}",
        source.getHostAddress(),
        config.blockDuration().toSeconds(),
        config.maxFailures(),
        printable(user),
        reason,
        suppressed == 0 ? "" : "; " + suppressed + " other sources blocked since the last line");
  }

  private SipResponse refusal(SipRequest request, int code, String phrase) {
    return challenges.responseTo(request, code, phrase).build();
  }

  /** A username fit for a log line: attacker-chosen text, so no control characters, and short. */
  static String printable(String user) {
    if (user == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(Math.min(user.length(), 64) + 3);
    for (int i = 0; i < user.length() && sb.length() < 64; i++) {
      char ch = user.charAt(i);
      sb.append(Character.isISOControl(ch) ? '?' : ch);
    }
    return user.length() > 64 ? sb.append("...").toString() : sb.toString();
  }
}
