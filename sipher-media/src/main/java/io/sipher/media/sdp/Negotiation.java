package io.sipher.media.sdp;

/** The outcome of an offer/answer exchange for our audio stream. */
public sealed interface Negotiation {

  /** Audio flows as described. */
  record Accepted(NegotiatedStream stream) implements Negotiation {}

  /**
   * No audio stream: rejected by either side, or the description cannot be used.
   *
   * @param reason for logs and a 488 Warning header
   */
  record Rejected(String reason) implements Negotiation {}
}
