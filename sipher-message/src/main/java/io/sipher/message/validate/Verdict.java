package io.sipher.message.validate;

import io.sipher.message.HeaderField;
import java.util.List;

/** What a server should do with a message after {@link MessageValidator} has looked at it. */
public sealed interface Verdict {

  /** Go on processing. */
  record Accept() implements Verdict {}

  /**
   * Answer the request with this status and reason, adding {@code headers} to the response
   * (Unsupported for a 420, Accept for a 415...).
   */
  record Reject(int statusCode, String reason, List<HeaderField> headers) implements Verdict {
    public Reject {
      headers = List.copyOf(headers);
    }

    public Reject(int statusCode, String reason) {
      this(statusCode, reason, List.of());
    }
  }

  /** Drop the message silently: a malformed or dangerous response is never answered. */
  record Discard(String reason) implements Verdict {}

  Accept ACCEPT = new Accept();

  default boolean isAccepted() {
    return this instanceof Accept;
  }
}
