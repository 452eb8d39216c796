package io.sipher.server.store;

import static io.sipher.server.store.TestBindings.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.server.auth.UserCredentials;
import io.sipher.server.registrar.Binding;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ARCHITECTURE decision 7: a crash loses no binding. A separate JVM writes through the store and is
 * killed with SIGKILL (no shutdown hooks, no close, no WAL checkpoint); a new store must find every
 * committed binding.
 */
class CrashRecoveryTest {

  static final int COUNT = 300;

  @TempDir Path dir;

  @Test
  void killedWriterProcess_losesNoCommittedBinding() throws Exception {
    Path file = dir.resolve("sipher.db");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp",
                System.getProperty("java.class.path"),
                Writer.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      // Skip whatever else the child prints (logging set-up) until it reports its commits.
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("COMMITTED"));
      assertThat(line).as("the child's report (it exited early: see its stderr)").isNotNull();
      child.destroyForcibly(); // SIGKILL on Unix
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    // The process died with its commits in the WAL, not yet checkpointed into the file.
    assertThat(dir.resolve("sipher.db-wal")).exists();

    try (SqliteStore store = SqliteStore.open(file)) {
      assertThat(store.bindings().loadAll()).containsExactlyInAnyOrderElementsOf(expected());
      assertThat(store.users().find("alice", "example.com")).isPresent();
    }
  }

  static List<Binding> expected() {
    List<Binding> out = new ArrayList<>();
    for (int i = 0; i < COUNT; i++) {
      out.add(binding("sip:u" + i + "@example.com", "sips:u" + i + "@192.0.2.1"));
    }
    return out;
  }

  /** The child: writes, reports, then waits to be killed. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      SqliteStore store = SqliteStore.open(Path.of(args[0]));
      store
          .users()
          .add(UserCredentials.fromPassword("alice", "example.com", "pw".toCharArray()), null);
      // Half synchronously, half through the async writer flushed (not closed).
      List<Binding> all = expected();
      for (Binding b : all.subList(0, COUNT / 2)) {
        store.bindings().save(b);
      }
      AsyncBindingWriter writer = new AsyncBindingWriter(store.bindings());
      for (Binding b : all.subList(COUNT / 2, COUNT)) {
        writer.save(b);
      }
      writer.flush();
      if (!Files.exists(Path.of(args[0] + "-wal"))) {
        System.err.println("no WAL file");
      }
      System.out.println("COMMITTED");
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // killed long before
      System.exit(3);
    }
  }
}
