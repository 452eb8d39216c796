package io.sipher.server.registrar;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A binding store in memory, for registrar tests that need no file. */
public final class MemoryBindingStore implements BindingStore {
  public final Map<String, Binding> saved = new ConcurrentHashMap<>();

  @Override
  public void save(Binding binding) {
    saved.put(binding.aor() + "|" + binding.key(), binding);
  }

  @Override
  public void delete(String aor, String key) {
    saved.remove(aor + "|" + key);
  }

  @Override
  public List<Binding> loadAll() {
    return new ArrayList<>(saved.values());
  }
}
