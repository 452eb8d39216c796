package io.sipher.server.store;

import io.sipher.server.registrar.Binding;
import java.time.Instant;
import java.util.List;

/** Bindings for tests, with every field set so a round trip checks every column. */
final class TestBindings {

  static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456789Z");

  private TestBindings() {}

  static Binding binding(String aor, String contact) {
    return new Binding(
        aor,
        contact,
        700,
        T0.plusSeconds(3600),
        "call-" + contact + "@host",
        42,
        null,
        0,
        List.of("<sips:edge1.example.com;lr>", "<sips:edge2.example.com;lr;ob>"),
        "flow-7",
        "TLS",
        "192.0.2.10:50123",
        "Phone/1.0",
        T0);
  }

  static Binding outbound(String aor, String instance, int regId, String contact) {
    return new Binding(
        aor,
        contact,
        1000,
        T0.plusSeconds(600),
        "c1",
        1,
        instance,
        regId,
        List.of(),
        null,
        "TLS",
        "192.0.2.11:5061",
        null,
        T0);
  }

  static Binding withCseq(Binding b, long cseq) {
    return new Binding(
        b.aor(),
        b.contactUri(),
        b.qMillis(),
        b.expires(),
        b.callId(),
        cseq,
        b.instanceId(),
        b.regId(),
        b.path(),
        b.flowToken(),
        b.transport(),
        b.source(),
        b.userAgent(),
        b.updated());
  }
}
