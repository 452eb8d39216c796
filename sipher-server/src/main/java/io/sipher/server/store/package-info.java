/**
 * The embedded store: users (HA1 per digest algorithm) and registrar bindings in one SQLite file
 * (ARCHITECTURE decisions 6-8).
 *
 * <ul>
 *   <li>{@link io.sipher.server.store.SqliteStore} opens or creates the file (mode 0600, WAL,
 *       synchronous=FULL), checks it and migrates its schema; failures are {@link
 *       io.sipher.server.store.StoreException}s naming the file and a reason.
 *   <li>{@link io.sipher.server.store.UserStore} is the API of {@code sipher user}; {@link
 *       io.sipher.server.store.CachedCredentials} serves the authenticator from memory and follows
 *       edits the CLI makes from another process.
 *   <li>{@link io.sipher.server.store.SqliteBindingStore} writes bindings synchronously and lists
 *       them for {@code sipher reg list}; {@link io.sipher.server.store.AsyncBindingWriter} queues
 *       the registrar's writes to one background thread.
 * </ul>
 *
 * <p>Wiring in the server: open one {@code SqliteStore} per process (its connection's change
 * counter is how the cache tells the CLI's edits from the server's own binding writes), start a
 * {@code CachedCredentials} on its users and an {@code AsyncBindingWriter} on its bindings; on
 * shutdown close the writer (it drains), then the cache, then the store.
 */
package io.sipher.server.store;
