package io.sipher.server.store;

import io.sipher.server.registrar.Binding;
import java.util.List;

/** A pending write to the bindings table, as {@link AsyncBindingWriter} queues it. */
sealed interface BindingOp {

  /** The row the operation writes: later operations on the same row replace earlier ones. */
  List<String> row();

  record Save(Binding binding) implements BindingOp {
    @Override
    public List<String> row() {
      return List.of(binding.aor(), binding.key());
    }
  }

  record Delete(String aor, String key) implements BindingOp {
    @Override
    public List<String> row() {
      return List.of(aor, key);
    }
  }
}
