package io.sipher.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.AuthenticationInfo;
import io.sipher.message.header.Challenge;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.SipHeaders;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 3261 §22.2-22.4 with RFC 7616: challenge, credentials computed as a UA would, and the
 * server's verdict on right, wrong, unknown, replayed, stale and forged answers.
 */
class Rfc3261_22_4_ChallengeResponseTest {
  static final String REALM = "example.com";
  static final InetAddress SOURCE = address("192.0.2.10");

  TestClock clock;
  Users users;
  DigestAuthenticator auth;
  TestUa alice;

  @BeforeEach
  void setUp() {
    clock = new TestClock();
    users = Users.of("alice", REALM, "correct horse");
    auth = new DigestAuthenticator(AuthConfig.DEFAULTS, users, Users.SECRET, clock);
    alice = new TestUa("alice", "correct horse");
  }

  // ---- §22.2 / §22.3: the challenge -------------------------------------------------------

  @Test
  void noCredentials_registrarChallenges401_withOneDigestChallengePerAlgorithm() {
    Outcome o = auth.authenticate(TestUa.register("alice", 1), REALM, false, SOURCE);

    Outcome.Challenge c = challenge(o);
    assertThat(c.reason()).isEqualTo(DigestAuthenticator.NO_CREDENTIALS);
    SipResponse r = c.response();
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.all(SipHeaders.PROXY_AUTHENTICATE)).isEmpty();
    List<Challenge> cs = r.all(SipHeaders.WWW_AUTHENTICATE);
    assertThat(cs).hasSize(3);
    for (Challenge ch : cs) {
      assertThat(ch.isDigest()).isTrue();
      assertThat(ch.realm()).isEqualTo(REALM);
      assertThat(ch.qop()).isEqualTo("auth");
      assertThat(ch.opaque()).isNotEmpty();
      assertThat(ch.stale()).isFalse();
      assertThat(ch.nonce()).matches("[A-Za-z0-9_-]{40,}");
    }
    assertThat(cs.stream().map(Challenge::nonce).distinct()).hasSize(3);
    // The wire form: quoted strings where RFC 7616 §3.3 has them, tokens elsewhere.
    String first = r.headers().firstValue(HeaderName.WWW_AUTHENTICATE);
    assertThat(first)
        .startsWith("Digest realm=\"example.com\", nonce=\"")
        .contains("algorithm=SHA-256")
        .contains("qop=\"auth\"")
        .doesNotContain("stale");
  }

  /** RFC 3261 §8.2.6.2: the To tag is added when absent, and kept when present. */
  @Test
  void challenge_addsAToTag_stableForTheSameRequest_keptWhenPresent() {
    SipRequest req = TestUa.register("alice", 1);
    SipResponse r1 = auth.challenge(req, REALM, false);
    SipResponse r2 = auth.challenge(req, REALM, false);
    assertThat(r1.to().tag()).isNotEmpty().isEqualTo(r2.to().tag());
    assertThat(r1.callId()).isEqualTo(req.callId());
    assertThat(r1.cseq()).isEqualTo(req.cseq());

    SipRequest tagged = req.edit().set(HeaderName.TO, "<sip:alice@example.com>;tag=xyz").build();
    assertThat(auth.challenge(tagged, REALM, false).to().tag()).isEqualTo("xyz");
  }

  @Test
  void proxy_challenges407_withProxyAuthenticate_andReadsProxyAuthorization() {
    SipRequest invite = TestUa.invite(1);
    Outcome.Challenge c = challenge(auth.authenticate(invite, REALM, true, SOURCE));
    SipResponse r = c.response();
    assertThat(r.statusCode()).isEqualTo(407);
    assertThat(r.all(SipHeaders.WWW_AUTHENTICATE)).isEmpty();
    assertThat(r.all(SipHeaders.PROXY_AUTHENTICATE)).hasSize(3);

    // Credentials in Authorization do not answer a proxy's challenge.
    String value = alice.answer(TestUa.first(r), invite);
    SipRequest wrongHeader = TestUa.withCredentials(invite, false, value);
    assertThat(challenge(auth.authenticate(wrongHeader, REALM, true, SOURCE)).reason())
        .isEqualTo(DigestAuthenticator.NO_CREDENTIALS);

    SipRequest retry = TestUa.withCredentials(invite, true, value);
    Outcome.Authenticated a = authenticated(auth.authenticate(retry, REALM, true, SOURCE));
    assertThat(a.user()).isEqualTo("alice");
    assertThat(a.info()).as("no Proxy-Authentication-Info in SIP").isNull();
  }

  // ---- §22.4: the answer ------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void rightPassword_isAuthenticated_withEachOfferedAlgorithm(int which) {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.challenges(auth.challenge(first, REALM, false)).get(which);
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(ch, first));

    Outcome.Authenticated a = authenticated(auth.authenticate(second, REALM, false, SOURCE));

    assertThat(a.user()).isEqualTo("alice");
    assertThat(a.algorithm().token()).isEqualTo(ch.algorithm());
  }

  /** RFC 7616 §3.5: Authentication-Info proves the server knows HA1 too. */
  @Test
  void authenticationInfo_carriesQopRspauthCnonceNc_andNextnonceOnlyInTheSecondHalfOfLife() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String nc = alice.nextNc();
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(ch, first, nc));

    Outcome.Authenticated a = authenticated(auth.authenticate(second, REALM, false, SOURCE));
    SipResponse ok = a.addAuthenticationInfo(SipResponse.forRequest(second, 200, null)).build();

    AuthenticationInfo info = ok.first(SipHeaders.AUTHENTICATION_INFO).orElseThrow();
    assertThat(info.rspauth()).isEqualTo(alice.rspauth(ch, "sip:example.com", nc));
    assertThat(info.parameters().valueOrNull("qop")).isEqualTo("auth");
    assertThat(info.parameters().valueOrNull("cnonce")).isEqualTo("0a4f113b");
    assertThat(info.parameters().valueOrNull("nc")).isEqualTo(nc);
    assertThat(info.nextNonce()).isNull();

    clock.advance(Duration.ofMinutes(3));
    SipRequest third = TestUa.withCredentials(second, false, alice.answer(ch, second));
    Outcome.Authenticated later = authenticated(auth.authenticate(third, REALM, false, SOURCE));
    String next = later.info().nextNonce();
    assertThat(next).isNotNull().isNotEqualTo(ch.nonce());

    // The next nonce works, with the challenge's opaque and a nonce-count starting again at 1.
    Challenge moved = Challenge.parse(ch.toString().replace(ch.nonce(), next));
    SipRequest fourth =
        TestUa.withCredentials(third, false, alice.answer(moved, third, "00000001"));
    authenticated(auth.authenticate(fourth, REALM, false, SOURCE));
  }

  /** opaque carries no security (the nonce does), so a client that drops it is served. */
  @Test
  void credentialsWithoutOpaque_areAccepted_andChallengesNeedNotCarryOne() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String value = alice.answer(ch, first).replace("opaque=\"" + ch.opaque() + "\", ", "");
    assertThat(value).doesNotContain("opaque");
    authenticated(
        auth.authenticate(TestUa.withCredentials(first, false, value), REALM, false, SOURCE));

    DigestAuthenticator plain =
        new DigestAuthenticator(
            AuthConfig.DEFAULTS.withSendOpaque(false), users, Users.SECRET, clock);
    assertThat(TestUa.challenges(plain.challenge(first, REALM, false)))
        .allMatch(c -> c.opaque() == null);
  }

  @Test
  void wrongPassword_isChallengedAgain_withoutStale() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    TestUa mallory = new TestUa("alice", "wrong");
    SipRequest second = TestUa.withCredentials(first, false, mallory.answer(ch, first));

    Outcome.Challenge c = challenge(auth.authenticate(second, REALM, false, SOURCE));

    assertThat(c.reason()).isEqualTo(DigestAuthenticator.WRONG_RESPONSE);
    assertThat(c.response().statusCode()).isEqualTo(401);
    assertThat(TestUa.challenges(c.response())).noneMatch(Challenge::stale);
  }

  /**
   * An unknown user is checked against a decoy HA1 through the same constant-time comparison as a
   * wrong password, and the client cannot tell the two apart.
   */
  @Test
  void unknownUser_isChallengedExactlyLikeAWrongPassword() {
    SipRequest first = TestUa.register("nobody", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    TestUa nobody = new TestUa("nobody", "whatever");
    SipRequest unknown = TestUa.withCredentials(first, false, nobody.answer(ch, first));
    TestUa mallory = new TestUa("alice", "wrong");
    SipRequest wrong = TestUa.withCredentials(first, false, mallory.answer(ch, first));

    Outcome.Challenge u = challenge(auth.authenticate(unknown, REALM, false, SOURCE));
    Outcome.Challenge w = challenge(auth.authenticate(wrong, REALM, false, SOURCE));

    assertThat(u.reason()).isEqualTo(DigestAuthenticator.UNKNOWN_USER);
    assertThat(users.lookups.get()).isEqualTo(2);
    assertThat(u.response().statusCode()).isEqualTo(w.response().statusCode());
    assertThat(u.response().reasonPhrase()).isEqualTo(w.response().reasonPhrase());
    assertThat(shape(u.response())).isEqualTo(shape(w.response()));
  }

  /** Upper-case hex and responses of the wrong length go through the same comparison. */
  @Test
  void responseComparison_toleratesUpperCaseHex_andRejectsOtherLengths() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String value = alice.answer(ch, first);
    String response = value.replaceAll(".*response=\"([0-9a-f]+)\".*", "$1");

    SipRequest upper =
        TestUa.withCredentials(first, false, value.replace(response, response.toUpperCase()));
    authenticated(auth.authenticate(upper, REALM, false, SOURCE));

    String shortValue = alice.answer(ch, first);
    String r2 = shortValue.replaceAll(".*response=\"([0-9a-f]+)\".*", "$1");
    SipRequest truncated =
        TestUa.withCredentials(first, false, shortValue.replace(r2, r2.substring(0, 32)));
    assertThat(challenge(auth.authenticate(truncated, REALM, false, SOURCE)).reason())
        .isEqualTo(DigestAuthenticator.WRONG_RESPONSE);
  }

  /** RFC 7616 §3.4: the nonce-count must increase; a replay gets a new nonce (stale=true). */
  @Test
  void replayedCredentials_areChallengedWithStale_andHigherNonceCountsStillWork() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    SipRequest nc1 = TestUa.withCredentials(first, false, alice.answer(ch, first, "00000001"));
    SipRequest nc2 = TestUa.withCredentials(nc1, false, alice.answer(ch, nc1, "00000002"));
    SipRequest nc3 = TestUa.withCredentials(nc2, false, alice.answer(ch, nc2, "00000003"));

    authenticated(auth.authenticate(nc1, REALM, false, SOURCE));
    Outcome.Challenge replay = challenge(auth.authenticate(nc1, REALM, false, SOURCE));
    assertThat(replay.reason()).isEqualTo(DigestAuthenticator.REPLAY);
    assertThat(TestUa.challenges(replay.response())).allMatch(Challenge::stale);

    authenticated(auth.authenticate(nc3, REALM, false, SOURCE));
    // nc=2 is lower than the 3 accepted: also a replay, though never seen.
    assertThat(challenge(auth.authenticate(nc2, REALM, false, SOURCE)).reason())
        .isEqualTo(DigestAuthenticator.REPLAY);
  }

  /** A wrong response does not advance the nonce-count, so nobody can burn a victim's nonce. */
  @Test
  void wrongResponseWithHighNonceCount_doesNotBurnTheNonce() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    TestUa mallory = new TestUa("alice", "guess");
    SipRequest attack = TestUa.withCredentials(first, false, mallory.answer(ch, first, "7fffffff"));
    challenge(auth.authenticate(attack, REALM, false, SOURCE));

    SipRequest legit = TestUa.withCredentials(first, false, alice.answer(ch, first, "00000001"));
    authenticated(auth.authenticate(legit, REALM, false, SOURCE));
  }

  /** RFC 7616 §3.3: stale=true when the digest was right but the nonce expired. */
  @Test
  void expiredNonce_withRightPassword_isChallengedWithStaleTrue() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    clock.advance(Duration.ofMinutes(5).plusMillis(1));
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(ch, first));

    Outcome.Challenge c = challenge(auth.authenticate(second, REALM, false, SOURCE));

    assertThat(c.reason()).isEqualTo(DigestAuthenticator.STALE);
    assertThat(c.response().statusCode()).isEqualTo(401);
    assertThat(TestUa.challenges(c.response())).hasSize(3).allMatch(Challenge::stale);
    assertThat(c.response().headers().firstValue(HeaderName.WWW_AUTHENTICATE))
        .endsWith("stale=true");

    // Answering the new challenge works.
    Challenge fresh = TestUa.first(c.response());
    SipRequest third = TestUa.withCredentials(second, false, alice.answer(fresh, second));
    authenticated(auth.authenticate(third, REALM, false, SOURCE));
  }

  @Test
  void nonceAtExactlyItsLifetime_isStillFresh() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    clock.advance(Duration.ofMinutes(5));
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(ch, first));
    authenticated(auth.authenticate(second, REALM, false, SOURCE));
  }

  /** stale=true would tell the client its password was right: not for a wrong one. */
  @Test
  void expiredNonce_withWrongPassword_isNotStale() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    clock.advance(Duration.ofMinutes(10));
    TestUa mallory = new TestUa("alice", "wrong");
    SipRequest second = TestUa.withCredentials(first, false, mallory.answer(ch, first));

    Outcome.Challenge c = challenge(auth.authenticate(second, REALM, false, SOURCE));

    assertThat(c.reason()).isEqualTo(DigestAuthenticator.WRONG_RESPONSE);
    assertThat(TestUa.challenges(c.response())).noneMatch(Challenge::stale);
  }

  @Test
  void forgedNonce_isAPlainFailure() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String nonce = ch.nonce();
    char flipped = nonce.charAt(10) == 'A' ? 'B' : 'A';
    String forged = nonce.substring(0, 10) + flipped + nonce.substring(11);
    Challenge fake = Challenge.parse(ch.toString().replace(nonce, forged));
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(fake, first));

    Outcome.Challenge c = challenge(auth.authenticate(second, REALM, false, SOURCE));

    assertThat(c.reason()).isEqualTo(DigestAuthenticator.FORGED);
    assertThat(TestUa.challenges(c.response())).noneMatch(Challenge::stale);
  }

  @Test
  void nonceFromAnotherServerSecret_orAnotherRealm_isForged() {
    SipRequest first = TestUa.register("alice", 1);
    DigestAuthenticator other =
        new DigestAuthenticator(AuthConfig.DEFAULTS, users, DigestAuthenticator.newSecret(), clock);
    Challenge theirs = TestUa.first(other.challenge(first, REALM, false));
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(theirs, first));
    assertThat(challenge(auth.authenticate(second, REALM, false, SOURCE)).reason())
        .isEqualTo(DigestAuthenticator.FORGED);

    users.add("alice", "other.example", "correct horse");
    Challenge otherRealm = TestUa.first(auth.challenge(first, "other.example", false));
    Challenge moved = Challenge.parse(otherRealm.toString().replace("other.example", REALM));
    SipRequest third = TestUa.withCredentials(first, false, alice.answer(moved, first));
    assertThat(challenge(auth.authenticate(third, REALM, false, SOURCE)).reason())
        .isEqualTo(DigestAuthenticator.FORGED);
  }

  /** Nonces are stateless: a restarted server with the same secret accepts the old ones. */
  @Test
  void restartedServerWithTheSameSecret_acceptsNoncesFromBefore() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    DigestAuthenticator restarted =
        new DigestAuthenticator(AuthConfig.DEFAULTS, users, Users.SECRET.clone(), clock);
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(ch, first));
    authenticated(restarted.authenticate(second, REALM, false, SOURCE));
  }

  @Test
  void wrongOpaque_isAFailure() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    Challenge fake = Challenge.parse(ch.toString().replace(ch.opaque(), "AAAAAAAAAAAAAAAAAAAAAA"));
    SipRequest second = TestUa.withCredentials(first, false, alice.answer(fake, first));
    assertThat(challenge(auth.authenticate(second, REALM, false, SOURCE)).reason())
        .isEqualTo(DigestAuthenticator.OPAQUE);
  }

  /** RFC 3261 §22.3: credentials for another realm are not ours to judge. */
  @Test
  void credentialsForAnotherRealm_areIgnored_andTheRightOnePicked() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String foreign =
        "Digest username=\"alice\", realm=\"elsewhere.example\", nonce=\"x\", uri=\"sip:example.com\","
            + " response=\"00\", qop=auth, nc=00000001, cnonce=\"c\"";
    SipRequest onlyForeign = TestUa.withCredentials(first, false, foreign);
    assertThat(challenge(auth.authenticate(onlyForeign, REALM, false, SOURCE)).reason())
        .isEqualTo(DigestAuthenticator.NO_CREDENTIALS);

    SipRequest both =
        onlyForeign.edit().add(HeaderName.AUTHORIZATION, alice.answer(ch, onlyForeign)).build();
    authenticated(auth.authenticate(both, REALM, false, SOURCE));
  }

  // ---- malformed credentials: 400 ----------------------------------------------------------

  /** We always send qop, so RFC 3261 §22.4 item 8 obliges the client to return it. */
  @Test
  void rfc2069FormWithoutQop_isRefused400() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String ha1 = TestUa.h("SHA-256", "alice:" + REALM + ":correct horse");
    String ha2 = TestUa.h("SHA-256", "REGISTER:sip:example.com");
    String response = TestUa.h("SHA-256", ha1 + ":" + ch.nonce() + ":" + ha2);
    String value =
        "Digest username=\"alice\", realm=\"example.com\", nonce=\""
            + ch.nonce()
            + "\", uri=\"sip:example.com\", response=\""
            + response
            + "\", algorithm=SHA-256, opaque=\""
            + ch.opaque()
            + "\"";
    SipRequest second = TestUa.withCredentials(first, false, value);

    Outcome.Refused r = refused(auth.authenticate(second, REALM, false, SOURCE));

    assertThat(r.response().statusCode()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo(DigestAuthenticator.QOP);
    assertThat(r.response().to().tag()).isNotNull();
  }

  @Test
  void missingOrMalformedParameters_areRefused400() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));
    String good = alice.answer(ch, first, "00000001");
    List<String> bad =
        List.of(
            good.replace("nc=00000001", "nc=1"),
            good.replace("nc=00000001", "nc=0000000g"),
            good.replace("nc=00000001", "nc=00000000"),
            good.replace("cnonce=\"0a4f113b\", ", ""),
            good.replace("qop=auth", "qop=auth-int"),
            good.replaceAll("response=\"[0-9a-f]+\", ", ""),
            good.replace("username=\"alice\"", "username*=UTF-8''alice"),
            good + ", userhash=true");
    for (String value : bad) {
      SipRequest req = TestUa.withCredentials(first, false, value);
      assertThat(auth.authenticate(req, REALM, false, SOURCE))
          .as(value)
          .isInstanceOfSatisfying(
              Outcome.Refused.class, r -> assertThat(r.response().statusCode()).isEqualTo(400));
    }
  }

  @Test
  void unparseableAuthorization_isRefused400() {
    SipRequest first = TestUa.register("alice", 1);
    SipRequest req = TestUa.withCredentials(first, false, "Digest username=\"unterminated");
    Outcome.Refused r = refused(auth.authenticate(req, REALM, false, SOURCE));
    assertThat(r.reason()).isEqualTo(DigestAuthenticator.MALFORMED);
  }

  /** RFC 7616 §3.4.6: the uri must name the Request-URI; RFC 3261 §19.1.4 equivalence suffices. */
  @Test
  void digestUri_mustNameTheRequestUri_unlessTheCheckIsOff() {
    SipRequest first = TestUa.register("alice", 1);
    Challenge ch = TestUa.first(auth.challenge(first, REALM, false));

    String other =
        alice.credentials(ch, "REGISTER", "sip:evil.example", "00000001", "c1", "correct horse");
    Outcome.Refused r =
        refused(
            auth.authenticate(TestUa.withCredentials(first, false, other), REALM, false, SOURCE));
    assertThat(r.response().statusCode()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo(DigestAuthenticator.URI_MISMATCH);

    String equivalent =
        alice.credentials(ch, "REGISTER", "sip:EXAMPLE.COM", "00000002", "c1", "correct horse");
    authenticated(
        auth.authenticate(TestUa.withCredentials(first, false, equivalent), REALM, false, SOURCE));

    DigestAuthenticator lax =
        new DigestAuthenticator(
            AuthConfig.DEFAULTS.withCheckDigestUri(false), users, Users.SECRET, clock);
    String retargeted =
        alice.credentials(ch, "REGISTER", "sip:evil.example", "00000003", "c1", "correct horse");
    authenticated(
        lax.authenticate(TestUa.withCredentials(first, false, retargeted), REALM, false, SOURCE));
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** A challenge response with its nonces and opaques blanked: what stays the same across calls. */
  static String shape(SipResponse r) {
    return TestUa.challenges(r).stream()
        .map(c -> c.toString().replace(c.nonce(), "N").replace(c.opaque(), "O"))
        .toList()
        .toString();
  }

  static Outcome.Challenge challenge(Outcome o) {
    assertThat(o).isInstanceOf(Outcome.Challenge.class);
    return (Outcome.Challenge) o;
  }

  static Outcome.Authenticated authenticated(Outcome o) {
    assertThat(o).isInstanceOf(Outcome.Authenticated.class);
    return (Outcome.Authenticated) o;
  }

  static Outcome.Refused refused(Outcome o) {
    assertThat(o).isInstanceOf(Outcome.Refused.class);
    return (Outcome.Refused) o;
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
