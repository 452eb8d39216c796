package io.sipher.ua;

/**
 * The media side of one call, as the call's signalling sees it: SDP offers and answers (RFC 3264)
 * and a session to start and stop. The softphone's implementation is {@link AudioMedia}; tests may
 * use simpler ones.
 *
 * <p>{@code secureSignalling} says whether the SDP travels only over TLS-protected hops (a {@code
 * sips:} dialog): SDES keys (RFC 4568 §8.3) may be put in it only then.
 *
 * <p>Calls come from the UA's event thread, one at a time for a given call.
 */
public interface CallMedia {

  /** Our offer, for an INVITE or a re-INVITE that offers. */
  byte[] offer(boolean secureSignalling) throws MediaException;

  /**
   * Our answer to the peer's offer.
   *
   * @throws MediaException when nothing offered is acceptable; the call answers 488 (RFC 3264 §6)
   */
  byte[] answer(byte[] remoteOffer, boolean secureSignalling) throws MediaException;

  /** The peer's answer to our offer. */
  void answered(byte[] remoteAnswer, boolean secureSignalling) throws MediaException;

  /**
   * A new offer for the running session (RFC 3264 §8): on hold (§8.4: we stop receiving) or back
   * from it. Media that cannot change its session throws.
   */
  default byte[] reoffer(boolean hold, boolean secureSignalling) throws MediaException {
    throw new MediaException("this media cannot change its session");
  }

  /** Starts sending and receiving; called once offer and answer are both known. */
  void start() throws MediaException;

  /** Stops and releases everything; safe to call more than once. */
  void close();

  /** Media that could not be set up, with a reason for the user and the response code to send. */
  final class MediaException extends Exception {
    public MediaException(String message) {
      super(message);
    }

    public MediaException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
