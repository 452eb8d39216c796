/**
 * The SIP transaction layer: RFC 3261 §17 with the RFC 6026 corrections.
 *
 * <p>{@link io.sipher.stack.transaction.TransactionLayer} is the entry point. The transaction user
 * (UA core, proxy, registrar) implements {@link io.sipher.stack.transaction.TransactionUser} and
 * sends requests with {@link io.sipher.stack.transaction.TransactionLayer#sendRequest}; the
 * transport adapts each connection or flow to a {@link io.sipher.stack.transaction.Wire} and feeds
 * received messages to {@link io.sipher.stack.transaction.TransactionLayer#receive}.
 *
 * <p>Each of the four state machines is one class with its states as an enum and a state table in
 * its class comment. The machines do no I/O under their lock: a transition collects its sends and
 * listener calls, which run once the lock is released. Timers come from a shared {@link
 * io.sipher.stack.time.Scheduler} and are inputs like messages. The table of live transactions is
 * bounded ({@link io.sipher.stack.transaction.TransactionConfig} tables the limits), and {@link
 * io.sipher.stack.transaction.TransactionLayer} says which thread each callback comes on.
 */
package io.sipher.stack.transaction;
