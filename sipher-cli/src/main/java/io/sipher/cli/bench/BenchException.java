package io.sipher.cli.bench;

/** A load run that cannot start or go on; its message is the one line the user sees. */
final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BenchException(String message) {
    super(message);
  }
}
