package io.sipher.cli;

import io.sipher.pki.PkiException;
import io.sipher.server.auth.UserCredentials;
import io.sipher.server.store.SqliteStore;
import io.sipher.server.store.StoreException;
import io.sipher.server.store.UserInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sipher user}: the users who may register and call. Only HA1 values (one per digest
 * algorithm) are stored, never the password (RFC 7616 §3.4.2 makes HA1 enough to check a digest).
 */
@Command(
    name = "user",
    mixinStandardHelpOptions = true,
    description = "Add, list, change and remove users (digest credentials).",
    subcommands = {
      UserCommand.Add.class,
      UserCommand.ListUsers.class,
      UserCommand.Passwd.class,
      UserCommand.Delete.class
    })
final class UserCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The data folder and domain options every user command takes. */
  static final class Where {
    @Option(
        names = "--data",
        description = "The server's data folder (default: ${DEFAULT-VALUE}).",
        defaultValue = ServerData.DEFAULT_DIR)
    Path data;

    @Option(
        names = "--domain",
        description = "The user's SIP domain (the digest realm); default: this host's name.")
    String domain;

    String domain() {
      return domain != null
          ? domain.toLowerCase(java.util.Locale.ROOT)
          : ServerData.defaultDomain();
    }
  }

  /** Runs a body against the store, turning store and input errors into one-line messages. */
  abstract static class Base implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Where where;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    @Override
    public Integer call() {
      try (SqliteStore store = ServerData.open(where.data)) {
        return execute(store);
      } catch (StoreException | PkiException | IllegalArgumentException e) {
        spec.commandLine()
            .getErr()
            .println(
                "sipher "
                    + spec.qualifiedName().replaceFirst("^sipher ", "")
                    + ": error: "
                    + e.getMessage());
        return 1;
      }
    }

    abstract int execute(SqliteStore store);
  }

  abstract static class WithPassword extends Base {
    @Option(
        names = "--password-file",
        description = "Read the password from the first line of this file (else it is asked for).")
    Path passwordFile;

    char[] password() {
      return passwordFile != null ? Passwords.fromFile(passwordFile) : Passwords.prompt("password");
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add users; several names share the one password given (bulk provisioning).")
  static final class Add extends WithPassword {
    @Parameters(
        paramLabel = "USER",
        arity = "1..*",
        description = "The user name (the digest username); several add them all.")
    List<String> users;

    @Option(
        names = "--cert-identity",
        description = "Also accept this client-certificate identity (e.g. sip:alice@example.com).")
    String certIdentity;

    @Override
    int execute(SqliteStore store) {
      users.forEach(UserCommand::checkUser);
      if (certIdentity != null && users.size() > 1) {
        throw new IllegalArgumentException("--cert-identity names one user's certificate");
      }
      char[] pw = password();
      try {
        for (String user : users) {
          store.users().add(UserCredentials.fromPassword(user, where.domain(), pw), certIdentity);
        }
      } finally {
        Arrays.fill(pw, '\0');
      }
      out()
          .println(
              users.size() == 1
                  ? "Added " + users.get(0) + "@" + where.domain()
                  : "Added " + users.size() + " users @" + where.domain());
      return 0;
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Change a password.")
  static final class Passwd extends WithPassword {
    @Parameters(paramLabel = "USER")
    String user;

    @Override
    int execute(SqliteStore store) {
      char[] pw = password();
      try {
        store.users().updateCredentials(UserCredentials.fromPassword(user, where.domain(), pw));
      } finally {
        Arrays.fill(pw, '\0');
      }
      out().println("Changed the password of " + user + "@" + where.domain());
      return 0;
    }
  }

  @Command(name = "del", mixinStandardHelpOptions = true, description = "Remove a user.")
  static final class Delete extends Base {
    @Parameters(paramLabel = "USER")
    String user;

    @Override
    int execute(SqliteStore store) {
      if (!store.users().delete(user, where.domain())) {
        throw new IllegalArgumentException("no user " + user + "@" + where.domain());
      }
      out().println("Removed " + user + "@" + where.domain());
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
  static final class ListUsers extends Base {
    @Override
    int execute(SqliteStore store) {
      for (UserInfo u : store.users().list()) {
        out()
            .println(
                u.user()
                    + "@"
                    + u.realm()
                    + "\t"
                    + u.algorithms()
                    + (u.certIdentity() == null ? "" : "\tcertificate " + u.certIdentity()));
      }
      return 0;
    }
  }

  /** A user part that a SIP URI can carry without escaping, and a digest username can quote. */
  static void checkUser(String user) {
    if (user.isEmpty() || user.length() > 64 || !user.matches("[A-Za-z0-9._~+\\-!$&'()*=,;]+")) {
      throw new IllegalArgumentException(
          "'"
              + user
              + "' is not a usable user name (1-64 of letters, digits and . _ ~ + - ! $ & ' ( ) * = , ;)");
    }
  }
}
