package io.sipher.cli.ua;

/** A softphone command that cannot run as asked: its message is the one line the user sees. */
final class UaCliException extends RuntimeException {
  UaCliException(String message) {
    super(message);
  }
}
