package io.sipher.server.registrar;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One registered contact of an address-of-record (RFC 3261 §10.3), with what RFC 5626 and RFC 3327
 * add: the instance and reg-id that name its flow, the flow it registered on, and the Path to reach
 * it.
 *
 * @param aor the canonical address-of-record ({@code sip:alice@example.com}, §10.3 step 5)
 * @param contactUri the Contact URI as registered
 * @param qMillis the q value times 1000 (0..1000; 1000 when absent)
 * @param expires when the binding lapses
 * @param callId the Call-ID of the REGISTER that last refreshed it (§10.3 step 7)
 * @param cseq the CSeq number of that REGISTER
 * @param instanceId the {@code +sip.instance} value (RFC 5626 §4.1), or null
 * @param regId the {@code reg-id} (RFC 5626 §4.2), or 0 when absent
 * @param path the Path header values, top first (RFC 3327 §5.3), possibly empty
 * @param flowToken the flow the REGISTER arrived on, or null when unknown (after a restart the flow
 *     is gone: RFC 5626 §4.4 says wait for the UA to re-register over a new one)
 * @param transport the transport of that flow ({@code TLS}, {@code UDP}...)
 * @param source the address the REGISTER came from, {@code host:port}
 * @param userAgent the User-Agent of the REGISTER, or null
 * @param updated when the binding was last written
 */
public record Binding(
    String aor,
    String contactUri,
    int qMillis,
    Instant expires,
    String callId,
    long cseq,
    String instanceId,
    int regId,
    List<String> path,
    String flowToken,
    String transport,
    String source,
    String userAgent,
    Instant updated) {

  public Binding {
    Objects.requireNonNull(aor, "aor");
    Objects.requireNonNull(contactUri, "contactUri");
    Objects.requireNonNull(expires, "expires");
    path = path == null ? List.of() : List.copyOf(path);
  }

  /**
   * What makes two bindings the same: the instance and reg-id when the UA uses outbound (RFC 5626
   * §6), else the Contact URI (RFC 3261 §10.3 step 7).
   */
  public String key() {
    return instanceId != null && regId > 0 ? instanceId + ";reg-id=" + regId : contactUri;
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expires);
  }
}
