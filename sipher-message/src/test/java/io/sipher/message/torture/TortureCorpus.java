package io.sipher.message.torture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The RFC 4475 and RFC 5118 torture messages, read at test time from the shared test data beside
 * the repository ({@code ../shared/testdata/sip-torture}), never copied into it. Tests that need
 * them are skipped, with the reason, when that folder is absent.
 */
public final class TortureCorpus {
  private TortureCorpus() {}

  /** One MANIFEST.tsv row. */
  public record Entry(String name, String section, String verdict, String reason, Path file) {
    public byte[] bytes() {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public boolean isValid() {
      return verdict.equals("valid");
    }

    /** The expected status code, or null for a drop or no status. */
    public Integer expectedStatus() {
      int slash = verdict.indexOf('/');
      if (slash < 0) {
        return null;
      }
      String code = verdict.substring(slash + 1);
      return code.equals("drop") ? null : Integer.valueOf(code);
    }

    public boolean expectsDrop() {
      return verdict.endsWith("/drop");
    }

    /** Semantic cases are well-formed: the parser must accept them. */
    public boolean isSemantic() {
      return verdict.startsWith("semantic/");
    }

    @Override
    public String toString() {
      return section + " " + name;
    }
  }

  public static Path directory() {
    String root = System.getProperty("sipher.repo.root");
    Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    // Tests may run from the module folder or the repository root.
    for (Path p = base; p != null; p = p.getParent()) {
      Path candidate = p.resolve("../shared/testdata/sip-torture").normalize();
      if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
        return candidate;
      }
    }
    return base.resolve("../shared/testdata/sip-torture").normalize();
  }

  /**
   * Skips the calling test class, with the reason, when the corpus is absent: call it from a
   * {@code @BeforeAll} method.
   */
  public static void assumePresent() {
    Assumptions.assumeTrue(
        Files.isRegularFile(directory().resolve("MANIFEST.tsv")),
        "torture corpus not found at " + directory() + " (shared test data is absent); skipping");
  }

  /** Every manifest row; none when the corpus is absent (see {@link #assumePresent()}). */
  public static Stream<Entry> entries() {
    Path dir = directory();
    Path manifest = dir.resolve("MANIFEST.tsv");
    if (!Files.isRegularFile(manifest)) {
      return Stream.empty();
    }
    try {
      List<Entry> out = new ArrayList<>();
      List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t", 4);
        String folder = f[1].startsWith("RFC5118") ? "rfc5118" : "rfc4475";
        out.add(new Entry(f[0], f[1], f[2], f[3], dir.resolve(folder).resolve(f[0] + ".dat")));
      }
      return out.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
