package io.sipher.cli;

import static io.sipher.cli.RunningServe.sipher;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.cli.RunningServe.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The softphone commands against a real {@code sipher serve} over loopback TLS, as a script would
 * run them: one line of outcome and an exit code (0 done, 1 refused, 2 broken).
 */
class SoftphoneCommandsTest {
  @TempDir Path dir;
  private RunningServe server;
  private int tlsPort;
  private Path password;

  @BeforeEach
  void startServer() throws Exception {
    password = Files.writeString(dir.resolve("pw"), "s3cret\n");
    server = RunningServe.startTls(dir.resolve("data"), "example.test", password, "alice", "bob");
    tlsPort = server.tlsPort();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  /** A softphone command as alice (or another user) toward the test server. */
  private Run phone(String command, String user, String... more) {
    return phoneWith(password, command, user, more);
  }

  private Run phoneWith(Path passwordFile, String command, String user, String... more) {
    return server.phone(
        "example.test", dir.resolve("data/ca/ca.crt"), passwordFile, command, user, more);
  }

  @Test
  void rfc3261_10_2_register_printsTheBindingAndExitsZero() {
    Run r = phone("register", "alice");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .startsWith("registered sips:alice@example.test for 600 s over TLS 127.0.0.1:")
        .contains("(outbound flow)");
  }

  @Test
  void rfc3261_22_register_withTheWrongPassword_exitsOneWithTheStatus() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
    Run r = phoneWith(wrong, "register", "alice");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("REGISTER refused: 40[13] ");
  }

  @Test
  void rfc3261_11_options_toTheDomain() {
    Run r = phone("options", "alice");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).startsWith("200 OK from sips:example.test");
  }

  @Test
  void rfc3428_message_toAnUnregisteredUser_exitsOne() {
    Run r = phone("message", "alice", "bob", "are you there?");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("^4[0-9][0-9] ");
  }

  @Test
  void rfc6665_subscribe_toAnUnregisteredUser_exitsOneWithTheStatus() {
    Run r = phone("subscribe", "alice", "bob", "--duration", "1s");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("SUBSCRIBE refused: 4[0-9][0-9] ");
  }

  @Test
  void rfc3903_publish_withNoCompositorThere_exitsOneWithTheStatus() throws Exception {
    Path pidf = Files.writeString(dir.resolve("open.pidf"), "<presence/>");
    Run r = phone("publish", "alice", "--body-file", pidf.toString());

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).containsPattern("PUBLISH refused: 4[0-9][0-9] ");
  }

  @Test
  void trace_printsBothDirections_withTheDecryptedMessages() {
    Run r = phone("options", "alice", "--trace");

    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains(">>> TLS to 127.0.0.1:" + tlsPort).contains("OPTIONS sips:");
    assertThat(r.err()).contains("<<< TLS from 127.0.0.1:" + tlsPort).contains("SIP/2.0 200 OK");
  }

  /**
   * The end-to-end picture: two softphones register and call through sipher serve over TLS,
   * exchange SRTP audio both ways, hang up, and each recording is the other's played file.
   */
  @Test
  void endToEnd_twoSoftphonesTalkSrtpThroughSipherServe() throws Exception {
    short[] alicePlays = TestAudio.noise(1, 16_000); // 2 s
    short[] bobPlays = TestAudio.noise(2, 16_000);
    Path aliceWav = TestAudio.wav(dir.resolve("alice.wav"), alicePlays);
    Path bobWav = TestAudio.wav(dir.resolve("bob.wav"), bobPlays);
    Path aliceHeard = dir.resolve("alice-heard.wav");
    Path bobHeard = dir.resolve("bob-heard.wav");
    CompletableFuture<Run> bob =
        CompletableFuture.supplyAsync(
            () ->
                phone(
                    "answer",
                    "bob",
                    "--play",
                    bobWav.toString(),
                    "--record",
                    bobHeard.toString(),
                    "--wait",
                    "60s"));

    // Bob registers in the background; until then his calls get 480 (nothing registered).
    Run alice = null;
    for (int i = 0; i < 50; i++) {
      alice =
          phone(
              "call",
              "alice",
              "bob",
              "--play",
              aliceWav.toString(),
              "--record",
              aliceHeard.toString(),
              "--duration",
              "3s");
      if (alice.exit() == 0 || bob.isDone()) {
        break;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }

    assertThat(alice.exit()).as(alice.out() + alice.err()).isZero();
    assertThat(alice.out())
        .startsWith("call to sips:bob@example.test: answered, ")
        .contains("SRTP AEAD_AES_256_GCM");
    Run b = bob.get(30, TimeUnit.SECONDS);
    assertThat(b.exit()).as(b.out() + b.err()).isZero();
    assertThat(b.out())
        .contains("registered sips:bob@example.test")
        .contains("call from sips:alice@example.test: answered, ");

    short[] heardByBob = io.sipher.media.audio.WavReader.readAll(bobHeard);
    short[] heardByAlice = io.sipher.media.audio.WavReader.readAll(aliceHeard);
    assertThat(
            io.sipher.media.audio.CrossCorrelation.bestMatch(alicePlays, heardByBob, 8_000)
                .coefficient())
        .as("bob's recording is alice's file")
        .isGreaterThan(0.9);
    assertThat(
            io.sipher.media.audio.CrossCorrelation.bestMatch(bobPlays, heardByAlice, 8_000)
                .coefficient())
        .as("alice's recording is bob's file")
        .isGreaterThan(0.9);
  }

  @Test
  void badServer_exitsTwoWithAClearLine() {
    Run r =
        sipher(
            "options",
            "--user",
            "alice",
            "--server",
            "sips:[nonsense",
            "--password-file",
            password.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("sipher options: ");
  }
}
