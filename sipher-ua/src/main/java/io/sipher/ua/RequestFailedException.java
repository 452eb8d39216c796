package io.sipher.ua;

import io.sipher.message.SipResponse;

/** A request that ended with a final response other than 2xx, which the caller may inspect. */
public final class RequestFailedException extends Exception {
  private final SipResponse response;

  public RequestFailedException(String what, SipResponse response) {
    super(what + ": " + response.statusCode() + " " + response.reasonPhrase());
    this.response = response;
  }

  public SipResponse response() {
    return response;
  }

  public int statusCode() {
    return response.statusCode();
  }
}
