package io.sipher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sipher user} and {@code sipher reg list} against a real store file. */
class UserAndRegCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run sipher(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  @Test
  void usersAreStoredAsHa1OnlyAndListedWithoutSecrets() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "a long secret phrase\n");
    Run add =
        sipher(
            "user",
            "add",
            "alice",
            "--domain",
            "example.com",
            "--data",
            data(),
            "--password-file",
            pw.toString());
    assertThat(add.exit()).as(add.err()).isZero();
    assertThat(add.out()).contains("Added alice@example.com");

    Run dup =
        sipher(
            "user",
            "add",
            "alice",
            "--domain",
            "example.com",
            "--data",
            data(),
            "--password-file",
            pw.toString());
    assertThat(dup.exit()).isEqualTo(1);
    assertThat(dup.err()).contains("alice");

    Run list = sipher("user", "list", "--data", data());
    assertThat(list.out()).contains("alice@example.com").doesNotContain("secret");
    // The password is nowhere in the store file.
    byte[] db = Files.readAllBytes(dir.resolve("data").resolve(ServerData.STORE_FILE));
    assertThat(new String(db, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("a long secret phrase");

    assertThat(
            sipher(
                    "user",
                    "passwd",
                    "alice",
                    "--domain",
                    "example.com",
                    "--data",
                    data(),
                    "--password-file",
                    pw.toString())
                .exit())
        .isZero();
    assertThat(sipher("user", "del", "alice", "--domain", "example.com", "--data", data()).exit())
        .isZero();
    Run again = sipher("user", "del", "alice", "--domain", "example.com", "--data", data());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("no user alice@example.com");
  }

  @Test
  void badUserNamesAndMissingPasswordsGetClearErrors() {
    Run bad =
        sipher(
            "user",
            "add",
            "al ice",
            "--domain",
            "example.com",
            "--data",
            data(),
            "--password-file",
            dir.resolve("missing").toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("not a usable user name");
    Run noFile =
        sipher(
            "user",
            "add",
            "bob",
            "--domain",
            "example.com",
            "--data",
            data(),
            "--password-file",
            dir.resolve("missing").toString());
    assertThat(noFile.err()).contains("no such password file");
  }

  @Test
  void regListShowsAnEmptyStoreWithItsHeader() {
    Run r = sipher("reg", "list", "--data", data());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("AOR\tCONTACT\tTRANSPORT\tFLOW");
  }

  @Test
  void aDataFolderThatIsAFileIsAClearError() throws Exception {
    Path file = dir.resolve("not-a-folder");
    Files.writeString(file, "x");
    Run r = sipher("reg", "list", "--data", file.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains(file.toString());
  }
}
