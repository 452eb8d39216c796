package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.cli.config.ConfigLoader;
import io.sipher.cli.config.ServerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sipher config example} and {@code sipher config check}. */
class ConfigCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  // Through its own CommandLine: Main does not list the command until it is wired in.
  static Run config(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new ConfigCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void example_printsAFileThatChecksOk() throws Exception {
    Run example = config("example", "--domain", "pbx.example.com");
    assertThat(example.exit()).isZero();
    Path file = Files.writeString(dir.resolve("sipher.yaml"), example.out());

    Run check = config("check", file.toString());

    assertThat(check.exit()).isZero();
    assertThat(check.out()).isEqualTo(file + ": ok" + System.lineSeparator());
    assertThat(ConfigLoader.load(file)).isEqualTo(ServerSettings.defaults("pbx.example.com"));
  }

  @Test
  void check_printsTheProblemAndFails() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), "domains: [{name: example.com}]\n");
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"),
            "domains: [{name: example.com}]\nlimits:\n  idle-timeout: x\n");

    Run r = config("check", good.toString(), bad.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(good + ": ok" + System.lineSeparator());
    assertThat(r.err())
        .startsWith(
            bad + ": limits.idle-timeout (line 3): \"x\" is not a duration like 30s or 10m");
  }

  @Test
  void settingsDefaults_agreeWithTheServeCommand() {
    // The config package cannot see these package-private constants; this keeps the two in step.
    assertThat(ServerSettings.DEFAULT_DATA).isEqualTo(Path.of(ServerData.DEFAULT_DIR));
    assertThat(ServerSettings.DEVELOPMENT_CERTIFICATE)
        .isEqualTo(Path.of("tls", DevelopmentCertificates.CERT));
    assertThat(ServerSettings.DEVELOPMENT_KEY)
        .isEqualTo(Path.of("tls", DevelopmentCertificates.KEY));
  }
}
