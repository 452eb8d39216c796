package io.sipher.server.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Contact;
import io.sipher.message.header.HeaderName;
import io.sipher.message.testing.Wire;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §10.3 registrar behaviour, with RFC 5626 §6 outbound and RFC 3327 Path, on a clock the
 * test moves.
 */
class Rfc3261_10_3_RegistrarTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
  final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  MemoryBindingStore store;
  LocationService location;
  Registrar registrar;
  static final RegistrationContext ALICE =
      new RegistrationContext("flow-1", "TLS", "192.0.2.4:40001", "alice");

  @BeforeEach
  void setUp() {
    store = new MemoryBindingStore();
    location = new LocationService(store, clock);
    registrar = new Registrar(location, RegistrarConfig.DEFAULTS, clock);
  }

  static SipRequest register(String callId, int cseq, String extraHeaders) {
    String text =
        "REGISTER sip:example.com SIP/2.0\n"
            + "Via: SIP/2.0/TLS 192.0.2.4:5061;branch=z9hG4bK-"
            + callId
            + cseq
            + "\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@example.com>;tag=f1\n"
            + "To: <sip:alice@example.com>\n"
            + "Call-ID: "
            + callId
            + "\n"
            + "CSeq: "
            + cseq
            + " REGISTER\n"
            + extraHeaders
            + "Content-Length: 0\n\n";
    return Wire.request(text);
  }

  private List<Contact> contacts(SipResponse r) {
    return r.contacts();
  }

  @Test
  void step7_newBindingIsStoredAndReturnedWithItsExpiry() {
    SipResponse r =
        registrar.register(
            register("c1", 1, "Contact: <sip:alice@192.0.2.4:5061;transport=tls>\n"), ALICE);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(contacts(r)).hasSize(1);
    assertThat(contacts(r).get(0).expires()).isEqualTo(3600);
    assertThat(r.to().tag()).isNotNull();
    assertThat(r.headers().firstValue(HeaderName.DATE)).endsWith(" GMT");
    assertThat(store.saved).hasSize(1);
    Binding b = store.saved.values().iterator().next();
    assertThat(b.aor()).isEqualTo("sip:alice@example.com");
    assertThat(b.flowToken()).isEqualTo("flow-1");
  }

  @Test
  void step7_expiresParameterBeatsTheHeaderAndTooBriefGets423() {
    SipResponse brief =
        registrar.register(
            register("c1", 1, "Expires: 3600\nContact: <sip:alice@192.0.2.4>;expires=30\n"), ALICE);
    assertThat(brief.statusCode()).isEqualTo(423);
    assertThat(brief.headers().firstValue(HeaderName.MIN_EXPIRES)).isEqualTo("60");
    assertThat(store.saved).isEmpty();
    SipResponse capped =
        registrar.register(
            register("c1", 2, "Contact: <sip:alice@192.0.2.4>;expires=999999999\n"), ALICE);
    assertThat(contacts(capped).get(0).expires()).isEqualTo(Duration.ofDays(1).toSeconds());
  }

  @Test
  void step7_refreshesThatOnlyMoveTheExpiry_reachTheStoreOncePerTenthOfTheLifetime() {
    String contact = "Contact: <sip:alice@192.0.2.4>\nExpires: 600\n";
    registrar.register(register("c1", 1, contact), ALICE);
    Binding first = store.saved.values().iterator().next();

    // A phone refreshing every 10 s: the stored copy keeps >= 90% of the new lifetime until 60 s.
    for (int i = 2; i <= 7; i++) {
      now.set(now.get().plusSeconds(10));
      registrar.register(register("c1", i, contact), ALICE);
    }
    assertThat(store.saved.values().iterator().next()).isSameAs(first);
    assertThat(location.lookup("sip:alice@example.com", f -> true).get(0).cseq()).isEqualTo(7);

    now.set(now.get().plusSeconds(10)); // 70 s on: the stored expiry has 530 s of 600 left
    registrar.register(register("c1", 8, contact), ALICE);
    assertThat(store.saved.values().iterator().next().cseq()).isEqualTo(8);

    // Anything else that changes is written at once: here the Contact's q.
    registrar.register(
        register("c1", 9, "Contact: <sip:alice@192.0.2.4>;q=0.5\nExpires: 600\n"), ALICE);
    assertThat(store.saved.values().iterator().next().cseq()).isEqualTo(9);

    // A shorter lifetime is written at once too: a restart must not bring back the longer one.
    registrar.register(
        register("c1", 10, "Contact: <sip:alice@192.0.2.4>;q=0.5\nExpires: 60\n"), ALICE);
    assertThat(store.saved.values().iterator().next().cseq()).isEqualTo(10);
  }

  @Test
  void step7_sameCallIdNeedsAHigherCseq() {
    registrar.register(register("c1", 5, "Contact: <sip:alice@192.0.2.4>\n"), ALICE);
    SipResponse stale =
        registrar.register(register("c1", 5, "Contact: <sip:alice@192.0.2.4>;expires=0\n"), ALICE);
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(registrar.bindings("sip:alice@example.com")).hasSize(1);
    // Another Call-ID (the phone restarted) may change it whatever its CSeq.
    SipResponse other =
        registrar.register(register("c2", 1, "Contact: <sip:alice@192.0.2.4>;expires=0\n"), ALICE);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(registrar.bindings("sip:alice@example.com")).isEmpty();
  }

  @Test
  void step6_wildcardRemovesAllOnlyWithExpiresZero() {
    registrar.register(
        register("c1", 1, "Contact: <sip:alice@192.0.2.4>, <sip:alice@192.0.2.5>\n"), ALICE);
    assertThat(registrar.bindings("sip:alice@example.com")).hasSize(2);
    assertThat(registrar.register(register("c1", 2, "Contact: *\n"), ALICE).statusCode())
        .isEqualTo(400);
    SipResponse cleared = registrar.register(register("c1", 3, "Contact: *\nExpires: 0\n"), ALICE);
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(contacts(cleared)).isEmpty();
    assertThat(store.saved).isEmpty();
  }

  @Test
  void step8_aRegisterWithoutContactIsAQuery() {
    registrar.register(register("c1", 1, "Contact: <sip:alice@192.0.2.4>;q=0.5\n"), ALICE);
    registrar.register(register("c1", 2, "Contact: <sip:alice@192.0.2.9>;q=0.9\n"), ALICE);
    SipResponse q = registrar.register(register("c9", 1, ""), ALICE);
    assertThat(q.statusCode()).isEqualTo(200);
    assertThat(contacts(q)).hasSize(2);
    List<Binding> ordered = location.lookup("sip:alice@example.com", t -> true);
    assertThat(ordered.get(0).contactUri()).isEqualTo("sip:alice@192.0.2.9");
  }

  @Test
  void bindingsLapseWhenTheirTimeIsUp() {
    registrar.register(register("c1", 1, "Contact: <sip:alice@192.0.2.4>;expires=120\n"), ALICE);
    now.set(now.get().plusSeconds(121));
    assertThat(registrar.bindings("sip:alice@example.com")).isEmpty();
    assertThat(location.expire()).isEqualTo(1);
    assertThat(store.saved).isEmpty();
  }

  @Test
  void steps4And5_foreignDomainAndOtherUsersAreRefused() {
    SipRequest r = register("c1", 1, "Contact: <sip:bob@192.0.2.4>\n");
    SipResponse forbidden =
        registrar.register(r, new RegistrationContext("f", "TLS", "192.0.2.4:1", "bob"));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    SipRequest foreign =
        register("c1", 1, "Contact: <sip:alice@192.0.2.4>\n")
            .edit()
            .set(HeaderName.TO, "<sip:alice@other.example>")
            .build();
    assertThat(registrar.register(foreign, ALICE).statusCode()).isEqualTo(404);
  }

  @Test
  void rfc5626_6_outboundBindingsAreKeyedByInstanceAndLiveOnlyWithTheirFlow() {
    String contact =
        "Contact: <sip:alice@192.0.2.4;transport=tls;ob>"
            + ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1\n";
    SipResponse r = registrar.register(register("c1", 1, "Supported: outbound\n" + contact), ALICE);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue(HeaderName.REQUIRE)).isEqualTo("outbound");
    assertThat(contacts(r).get(0).regId()).isEqualTo(1);
    // Re-registering from a new address over a new flow replaces the binding (same instance).
    String moved = contact.replace("192.0.2.4", "198.51.100.7");
    registrar.register(
        register("c1", 2, moved),
        new RegistrationContext("flow-2", "TLS", "198.51.100.7:1", "alice"));
    List<Binding> live = location.lookup("sip:alice@example.com", "flow-2"::equals);
    assertThat(live).hasSize(1);
    assertThat(live.get(0).contactUri()).contains("198.51.100.7");
    // When that flow dies, the binding is not used until the phone registers again.
    assertThat(location.lookup("sip:alice@example.com", token -> false)).isEmpty();
  }

  @Test
  void rfc5626_6_regIdWithoutInstanceOrWithoutOutboundEdgeIsRefused() {
    assertThat(
            registrar
                .register(register("c1", 1, "Contact: <sip:alice@192.0.2.4>;reg-id=1\n"), ALICE)
                .statusCode())
        .isEqualTo(400);
    String contact =
        "Contact: <sip:alice@192.0.2.4>;+sip.instance=\"<urn:uuid:1>\";reg-id=1\n"
            + "Path: <sip:edge.example.com;lr>\n";
    assertThat(registrar.register(register("c1", 2, contact), ALICE).statusCode()).isEqualTo(439);
  }

  @Test
  void rfc3327_5_3_pathIsStoredAndEchoedWhenSupported() {
    SipResponse r =
        registrar.register(
            register(
                "c1",
                1,
                "Supported: path\nPath: <sip:edge.example.com;lr>\n"
                    + "Contact: <sip:alice@192.0.2.4>\n"),
            ALICE);
    assertThat(r.headers().firstValue(HeaderName.PATH)).isEqualTo("<sip:edge.example.com;lr>");
    assertThat(registrar.bindings("sip:alice@example.com").get(0).path())
        .containsExactly("<sip:edge.example.com;lr>");
  }

  @Test
  void rfc5630_sipsContactNeedsSipsEverywhere() {
    SipResponse r =
        registrar.register(register("c1", 1, "Contact: <sips:alice@192.0.2.4>\n"), ALICE);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.reasonPhrase()).contains("SIPS");
  }

  @Test
  void aRestartReloadsBindingsButNotTheirFlows() {
    registrar.register(register("c1", 1, "Contact: <sip:alice@192.0.2.4>\n"), ALICE);
    registrar.register(register("c2", 1, "Contact: <sip:alice@192.0.2.5>;expires=61\n"), ALICE);
    now.set(now.get().plusSeconds(62));
    LocationService restarted = new LocationService(store, clock);
    assertThat(restarted.load()).isEqualTo(1);
    Binding b = restarted.lookup("sip:alice@example.com", t -> true).get(0);
    assertThat(b.contactUri()).isEqualTo("sip:alice@192.0.2.4");
    assertThat(b.flowToken()).isNull();
    assertThat(store.saved).hasSize(1);
  }

  @Test
  void section19_1_4_theSameContactSpelledDifferentlyIsOneBinding() {
    registrar.register(
        register("c1", 1, "Contact: <sip:alice@HOST.example;transport=UDP;foo=1;bar=2>\n"), ALICE);
    registrar.register(
        register("c2", 1, "Contact: <sip:alice@host.example;bar=2;foo=1;transport=udp>\n"), ALICE);
    assertThat(registrar.bindings("sip:alice@example.com")).hasSize(1);
  }

  @Test
  void section10_3_5_escapedAndPlainUsersAreOneAor() {
    SipRequest escaped =
        register("c1", 1, "Contact: <sip:alice@192.0.2.4>\n")
            .edit()
            .set(HeaderName.TO, "<sip:%61lice@example.com>")
            .build();
    assertThat(registrar.register(escaped, ALICE).statusCode()).isEqualTo(200);
    assertThat(registrar.bindings("sip:alice@example.com")).hasSize(1);
  }

  @Test
  void rfc5393_4_contactsPerAorAreBounded() {
    StringBuilder many = new StringBuilder("Contact: ");
    for (int i = 0; i < 11; i++) {
      many.append(i == 0 ? "" : ", ").append("<sip:alice@192.0.2.").append(i + 1).append('>');
    }
    SipResponse r = registrar.register(register("c1", 1, many + "\n"), ALICE);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(store.saved).isEmpty();
  }

  @Test
  void section10_3_8_lapsedBindingsAreNotListed() {
    registrar.register(register("c1", 1, "Contact: <sip:alice@192.0.2.4>;expires=61\n"), ALICE);
    now.set(now.get().plusSeconds(62));
    SipResponse r =
        registrar.register(register("c1", 2, "Contact: <sip:alice@192.0.2.5>\n"), ALICE);
    assertThat(contacts(r)).hasSize(1);
    assertThat(contacts(r).get(0).address().uri().toString()).isEqualTo("sip:alice@192.0.2.5");
  }

  @Test
  void aFlowCarryingSeveralAorsIsForgottenForAll() {
    RegistrationContext shared = new RegistrationContext("edge-flow", "TLS", "192.0.2.4:1", null);
    registrar.register(register("c1", 1, "Contact: <sip:alice@192.0.2.4>\n"), shared);
    SipRequest bob =
        register("c2", 1, "Contact: <sip:bob@192.0.2.4>\n")
            .edit()
            .set(HeaderName.TO, "<sip:bob@example.com>")
            .set(HeaderName.FROM, "<sip:bob@example.com>;tag=b")
            .build();
    registrar.register(bob, shared);
    location.flowDied("edge-flow");
    assertThat(location.all()).allMatch(b -> b.flowToken() == null).hasSize(2);
  }
}
