package io.sipher.server.registrar;

import io.sipher.message.uri.Parameters;
import io.sipher.message.uri.SipUri;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Contact URIs in one spelling per resource, so that two REGISTERs naming the same contact
 * differently (host case, parameter order, {@code transport=UDP} against {@code udp}) hit the same
 * binding, as §10.3 step 7 asks by the comparison rules of §19.1.4.
 */
final class ContactKeys {
  private ContactKeys() {}

  /**
   * {@code scheme:user@host:port;params}: host and parameter names lower case, the values of {@code
   * transport}, {@code user}, {@code method}, {@code maddr} lower case, parameters sorted, URI
   * headers dropped (a Contact's headers are not part of the binding). The user part keeps its
   * escaping, so the result is still a URI requests can be sent to.
   */
  static String normalized(SipUri uri) {
    StringBuilder b = new StringBuilder(uri.scheme()).append(':');
    if (uri.user() != null) {
      b.append(uri.user()).append('@');
    }
    b.append(uri.host().toLowerCase(Locale.ROOT));
    if (uri.port() >= 0) {
      b.append(':').append(uri.port());
    }
    TreeMap<String, String> params = new TreeMap<>();
    for (Parameters.Parameter p : uri.parameters()) {
      String name = p.name().toLowerCase(Locale.ROOT);
      String value = p.value();
      if (value != null
          && (name.equals("transport")
              || name.equals("user")
              || name.equals("method")
              || name.equals("maddr"))) {
        value = value.toLowerCase(Locale.ROOT);
      }
      params.put(name, value);
    }
    params.forEach((k, v) -> b.append(';').append(k).append(v == null ? "" : "=" + v));
    return b.toString();
  }
}
