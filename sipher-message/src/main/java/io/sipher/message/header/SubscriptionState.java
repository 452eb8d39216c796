package io.sipher.message.header;

import io.sipher.message.syntax.Lexer;
import io.sipher.message.uri.Parameters;
import java.util.Locale;

/**
 * The Subscription-State header (RFC 6665 §8.2.3): {@code active}, {@code pending} or {@code
 * terminated}, with {@code expires}, {@code reason} and {@code retry-after}.
 */
public record SubscriptionState(String state, Parameters parameters) {

  public boolean isTerminated() {
    return state.equalsIgnoreCase("terminated");
  }

  /** The {@code expires} parameter in seconds, or -1. */
  public long expires() {
    String v = parameters.valueOrNull("expires");
    return v == null ? -1 : Contact.saturate(v);
  }

  public String reason() {
    String r = parameters.valueOrNull("reason");
    return r == null ? null : r.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return state + parameters;
  }

  public static SubscriptionState parse(String value) {
    Lexer lx = new Lexer(value, "Subscription-State header");
    SubscriptionState s = read(lx);
    lx.expectEnd();
    return s;
  }

  static SubscriptionState read(Lexer lx) {
    lx.skipWs();
    String state = lx.token("substate");
    Parameters params = Parameters.parseHeaderParams(lx);
    for (String numeric : new String[] {"expires", "retry-after"}) {
      String v = params.valueOrNull(numeric);
      if (params.contains(numeric) && (v == null || !HeaderValues.isDigits(v))) {
        throw lx.fail(numeric + " must be delta-seconds");
      }
    }
    return new SubscriptionState(state, params);
  }
}
