package io.sipher.stack.transport;

/** Whether a TLS listener asks connecting peers for a certificate (mutual TLS). */
public enum ClientAuth {
  /** No certificate is requested: peers prove who they are with digest authentication. */
  NONE,
  /** A certificate is requested; a peer without one is accepted, one with a bad one refused. */
  OPTIONAL,
  /** A peer without a valid certificate cannot complete the handshake (trunks, RFC 5922 §5). */
  REQUIRED
}
