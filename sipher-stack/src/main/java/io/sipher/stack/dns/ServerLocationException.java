package io.sipher.stack.dns;

/**
 * Why server location produced no target at all. An empty list, by contrast, means DNS answered and
 * there is nothing to contact (the name does not exist or publishes no usable service).
 */
public final class ServerLocationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The kind of failure, so that a proxy can pick its response code. */
  public enum Reason {
    /**
     * The URI cannot be reached with the transports in use: an unknown or disabled {@code
     * transport} parameter, or a {@code sips:} URI that names a non-TLS transport (RFC 3261 §26.2:
     * a SIPS request is never sent over an insecure hop).
     */
    UNUSABLE_URI,
    /** DNS did not answer (timeout, SERVFAIL, REFUSED...) and nothing else yielded a target. */
    DNS_FAILURE
  }

  private final Reason reason;

  public ServerLocationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
