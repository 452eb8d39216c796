package io.sipher.stack.transaction;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions a transition decided on (sends, listener calls), collected under the transaction's
 * lock and run after it is released. Sending outside the lock matters: a transport may fail a send
 * synchronously, and its failure is itself an input to the same transaction. Calling listeners
 * outside the lock keeps a TU that answers from inside a callback from re-entering a transition
 * half done.
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private List<Runnable> actions;

  void add(Runnable action) {
    if (actions == null) {
      actions = new ArrayList<>(4);
    }
    actions.add(action);
  }

  /** Runs the actions in the order they were added; one failing does not stop the others. */
  void run() {
    if (actions == null) {
      return;
    }
    for (Runnable action : actions) {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("Transaction action failed", e);
      }
    }
  }
}
