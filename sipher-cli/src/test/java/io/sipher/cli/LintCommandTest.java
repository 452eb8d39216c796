package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.torture.TortureCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sipher lint}: the RFC 4475 / RFC 5118 torture messages get their manifest verdicts through
 * the command line, in the documented output formats and exit codes.
 */
class LintCommandTest {
  @org.junit.jupiter.api.BeforeAll
  static void corpusPresent() {
    io.sipher.message.torture.TortureCorpus.assumePresent();
  }

  record Run(int exit, String out, String err) {}

  static Run sipher(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  static Stream<TortureCorpus.Entry> corpus() {
    return TortureCorpus.entries().filter(e -> !e.verdict().equals("n/a"));
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("corpus")
  void tortureMessageGetsItsManifestVerdict(TortureCorpus.Entry e) {
    Run r = sipher("lint", e.file().toString());
    String line = r.out().strip();
    assertThat(line).startsWith(e.file() + ": ");
    String verdict = line.substring(e.file().toString().length() + 2);
    if (e.isValid()) {
      assertThat(verdict).isEqualTo("valid");
      assertThat(r.exit()).isZero();
    } else {
      String expectedCode = e.expectsDrop() ? "drop" : String.valueOf(e.expectedStatus());
      assertThat(verdict).startsWith("invalid " + expectedCode + " ");
      assertThat(verdict.length()).isGreaterThan(("invalid " + expectedCode + " ").length());
      assertThat(r.exit()).isEqualTo(1);
    }
  }

  @Test
  void wholeCorpusInOneRunPrintsALinePerFile() {
    List<TortureCorpus.Entry> all = TortureCorpus.entries().toList();
    String[] args =
        Stream.concat(Stream.of("lint"), all.stream().map(e -> e.file().toString()))
            .toArray(String[]::new);
    Run r = sipher(args);
    assertThat(r.out().lines()).hasSize(all.size());
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void jsonOutput(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("good.sip");
    Files.writeString(
        good,
        "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
            + "To: <sip:a@example.com>\r\nFrom: <sip:b@example.com>;tag=1\r\nCall-ID: c\r\n"
            + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
        StandardCharsets.UTF_8);
    Path bad = dir.resolve("bad \"quoted\".sip");
    Files.writeString(bad, "OPTIONS  sip:a@example.com SIP/2.0\r\n\r\n", StandardCharsets.UTF_8);
    Run r = sipher("lint", "--json", good.toString(), bad.toString());
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("{\"file\":\"" + good + "\",\"verdict\":\"valid\"}");
    assertThat(lines.get(1))
        .startsWith("{\"file\":\"" + bad.toString().replace("\"", "\\\"") + "\"")
        .contains(
            "\"verdict\":\"invalid\",\"action\":\"reject\",\"status\":400,\"stage\":\"parse\"")
        .contains("\"reason\":\"Malformed Request-Line: extra whitespace between elements\"");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void missingFileIsAnIoErrorAndOthersStillChecked(@TempDir Path dir) throws IOException {
    Path empty = dir.resolve("empty.sip");
    Files.write(empty, new byte[0]);
    Run r = sipher("lint", dir.resolve("nope.sip").toString(), empty.toString());
    assertThat(r.err()).contains("nope.sip: error: no such file");
    assertThat(r.out()).contains("empty.sip: invalid 400 Empty message");
    assertThat(r.exit()).isEqualTo(2);
  }

  @Test
  void noFilesIsAUsageError() {
    Run r = sipher("lint");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required parameter");
  }

  @Test
  void helpListsTheSubcommands() {
    Run r = sipher("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("serve").contains("lint");
  }

  @Test
  void subcommandHelp() {
    Run r = sipher("lint", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--json").contains("Exit codes");
  }
}
