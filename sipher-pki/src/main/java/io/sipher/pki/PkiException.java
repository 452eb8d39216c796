package io.sipher.pki;

/**
 * A certificate or key problem explained for a person: which file, what is wrong, and where it can
 * be said, what to do about it. Never carries key material.
 */
public final class PkiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PkiException(String message) {
    super(message);
  }

  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
