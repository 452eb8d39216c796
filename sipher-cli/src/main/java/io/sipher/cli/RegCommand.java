package io.sipher.cli;

import io.sipher.server.registrar.Binding;
import io.sipher.server.store.SqliteStore;
import io.sipher.server.store.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sipher reg}: the registrations in the store, while the server runs or after. */
@Command(
    name = "reg",
    mixinStandardHelpOptions = true,
    description = "Show registrations.",
    subcommands = {RegCommand.ListBindings.class})
final class RegCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List the bindings: AOR, contact, transport, flow, time left, User-Agent.",
        "FLOW says whether the binding still had the flow it registered on when the server last"
            + " recorded it; after a restart none has until the phone registers again"
            + " (RFC 5626 §4.4)."
      })
  static final class ListBindings implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--data",
        description = "The server's data folder (default: ${DEFAULT-VALUE}).",
        defaultValue = ServerData.DEFAULT_DIR)
    Path data;

    @Option(names = "--user", description = "Only this user (user or user@domain).")
    String user;

    @Override
    public Integer call() {
      try (SqliteStore store = ServerData.open(data)) {
        String aor = null;
        if (user != null) {
          aor = "sip:" + (user.contains("@") ? user : user + "@" + ServerData.defaultDomain());
        }
        List<Binding> bindings = store.bindings().list(aor);
        Instant now = Instant.now();
        var out = spec.commandLine().getOut();
        out.println("AOR\tCONTACT\tTRANSPORT\tFLOW\tEXPIRES IN\tUSER-AGENT");
        for (Binding b : bindings) {
          long left = Duration.between(now, b.expires()).toSeconds();
          out.println(
              printable(b.aor())
                  + "\t"
                  + printable(b.contactUri())
                  + "\t"
                  + b.transport()
                  + "\t"
                  + (b.flowToken() == null ? "no" : "yes")
                  + "\t"
                  + (left <= 0 ? "expired" : left + "s")
                  + "\t"
                  + (b.userAgent() == null ? "" : printable(b.userAgent())));
        }
        return 0;
      } catch (StoreException e) {
        spec.commandLine().getErr().println("sipher reg list: error: " + e.getMessage());
        return 1;
      }
    }
  }

  /** Text from the network, made safe for a terminal: control characters become '?'. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
