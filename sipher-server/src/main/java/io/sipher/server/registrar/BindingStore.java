package io.sipher.server.registrar;

import java.util.List;

/**
 * Durable storage of bindings, so that a restart or a crash loses none (ARCHITECTURE decision 7).
 * The location service keeps the live copy in memory and writes through to this, off the network
 * threads; implementations may block.
 */
public interface BindingStore {
  /**
   * Inserts or replaces the binding with the same {@link Binding#aor()} and {@link Binding#key()}.
   */
  void save(Binding binding);

  /** Removes one binding; nothing happens when it does not exist. */
  void delete(String aor, String key);

  /** Every stored binding, expired ones included (the caller drops those). */
  List<Binding> loadAll();
}
