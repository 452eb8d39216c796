package io.sipher.stack.transaction;

/**
 * The transaction timers of RFC 3261 Table 4 and RFC 6026 §8.11, and two that those RFCs leave
 * unnamed ({@link #AFTER_CANCEL}, {@link #TU_ANSWER}). They are inputs to the state machines like
 * any received message: a timer that fires in a state where it no longer applies (it lost a race
 * with a message) is ignored.
 */
enum Timer {
  /** INVITE request retransmission, unreliable only; starts at T1 and doubles (§17.1.1.2). */
  A,
  /** INVITE transaction timeout, 64×T1 (§17.1.1.2). */
  B,
  /** Wait for response retransmissions: 32 s unreliable, 0 reliable (§17.1.1.2). */
  D,
  /** Non-INVITE request retransmission: T1 doubling up to T2, then T2 (§17.1.2.2). */
  E,
  /** Non-INVITE transaction timeout, 64×T1 (§17.1.2.2). */
  F,
  /** INVITE final response retransmission: T1 doubling up to T2 (§17.2.1). */
  G,
  /** Wait for the ACK of a non-2xx final response, 64×T1 (§17.2.1). */
  H,
  /** Wait for ACK retransmissions: T4 unreliable, 0 reliable (§17.2.1). */
  I,
  /** Wait for non-INVITE request retransmissions: 64×T1 unreliable, 0 reliable (§17.2.2). */
  J,
  /** Wait for non-INVITE response retransmissions: T4 unreliable, 0 reliable (§17.1.2.2). */
  K,
  /** INVITE server: wait for ACKs and 2xx retransmissions in Accepted, 64×T1 (RFC 6026 §7.1). */
  L,
  /** INVITE client: wait for 2xx retransmissions in Accepted, 64×T1 (RFC 6026 §7.2). */
  M,
  /**
   * INVITE client in Proceeding: wait for the final response after the CANCEL was sent, 64×T1;
   * without one the transaction ends (§9.1).
   */
  AFTER_CANCEL,
  /**
   * Non-INVITE server in Trying or Proceeding: wait for the TU's final response, {@link
   * TransactionConfig#finalResponseTimeout} (64×T1 by default, when the client's Timer F fires).
   */
  TU_ANSWER
}
