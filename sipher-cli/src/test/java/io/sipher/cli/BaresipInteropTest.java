package io.sipher.cli;

import static io.sipher.cli.RunningServe.sipher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.cli.RunningServe.Run;
import io.sipher.media.audio.CrossCorrelation;
import io.sipher.media.audio.WavReader;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with a third-party softphone, baresip (Debian package baresip-core), through {@code
 * sipher serve}: SIP over TLS and SRTP with SDES keys ({@code mediaenc=srtp-mand}) both ways, our
 * softphone calling baresip and baresip calling ours, and each side's recording compared with what
 * the other played.
 *
 * <p>baresip 1.0 has no sips: support, so its account is {@code sip:} over TLS, our answering side
 * registers a sip: Contact ({@code --sip-contact}, RFC 5630 §3.1.3), and the proxy record-routes
 * the sip: dialog with {@code transport=tls}. Its resolver reads no hosts file, so a dnsmasq on
 * loopback answers for the domain; its digest is MD5 only, so the domain offers MD5.
 */
class BaresipInteropTest {
  private static final String DOMAIN = "example.test";

  @TempDir Path dir;
  private Process dns;
  private RunningServe server;
  private int tlsPort;
  private int dnsPort;
  private Path password;

  private static Path installed(String... candidates) {
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return s.getLocalPort();
    }
  }

  @BeforeEach
  void start() throws Exception {
    Path baresip = installed("/usr/bin/baresip");
    Path dnsmasq = installed("/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq");
    assumeTrue(baresip != null, "baresip is not installed (baresip-core; test.sh installs it)");
    assumeTrue(dnsmasq != null, "dnsmasq is not installed (dnsmasq-base; test.sh installs it)");
    dnsPort = freeUdpPort();
    dns =
        new ProcessBuilder(
                dnsmasq.toString(),
                "--port=" + dnsPort,
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--no-daemon",
                "--address=/" + DOMAIN + "/127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("dnsmasq.log").toFile())
            .start();

    Path data = dir.resolve("data");
    password = Files.writeString(dir.resolve("pw"), "s3cret\n");
    assertThat(
            sipher(
                    "user",
                    "add",
                    "alice",
                    "bob",
                    "--data",
                    data.toString(),
                    "--domain",
                    DOMAIN,
                    "--password-file",
                    password.toString())
                .exit())
        .isZero();
    Path config =
        Files.writeString(
            dir.resolve("sipher.yaml"),
            String.join(
                "\n",
                "data: " + data,
                "domains:",
                "  - name: " + DOMAIN,
                "listeners:",
                "  - {transport: tls, address: 127.0.0.1, port: 0}",
                "auth:",
                "  algorithms: [MD5]",
                ""));
    server = RunningServe.start("--config", config.toString());
    tlsPort = server.tlsPort();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (dns != null) {
      dns.destroy();
      dns.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** baresip as alice: plays {@code plays}, records what it hears under snd/, answers by itself. */
  private Process baresip(Path plays, int seconds, String... commands) throws IOException {
    Path conf = dir.resolve("baresip");
    Files.createDirectories(conf);
    Files.createDirectories(dir.resolve("snd"));
    Files.writeString(
        conf.resolve("config"),
        String.join(
            "\n",
            "poll_method epoll",
            "sip_listen 127.0.0.1:" + freeUdpPort(),
            "sip_transports udp,tcp,tls",
            "sip_cafile " + dir.resolve("data/ca/ca.crt"),
            "net_interface 127.0.0.1",
            "dns_server 127.0.0.1:" + dnsPort,
            "module_path /usr/lib/baresip/modules",
            "module g711.so",
            "module aufile.so",
            "module sndfile.so",
            "module srtp.so",
            "module_app uuid.so",
            "module_app account.so",
            "module_app menu.so",
            "audio_player nil",
            "audio_source aufile," + plays,
            "audio_alert nil",
            "snd_path " + dir.resolve("snd"),
            ""));
    Files.writeString(
        conf.resolve("accounts"),
        "<sip:alice@"
            + DOMAIN
            + ";transport=tls>;auth_pass=s3cret;outbound=\"sip:127.0.0.1:"
            + tlsPort
            + ";transport=tls\";regint=300;sipnat=outbound;answermode=auto;mediaenc=srtp-mand\n");
    List<String> cmd =
        new ArrayList<>(List.of("baresip", "-f", conf.toString(), "-t", "" + seconds));
    for (String c : commands) {
      cmd.add("-e");
      cmd.add(c);
    }
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("baresip.log").toFile())
        .start();
  }

  private Run phone(String command, String user, String... more) {
    return server.phone(DOMAIN, dir.resolve("data/ca/ca.crt"), password, command, user, more);
  }

  /** What baresip decoded (heard), from its sndfile dump. */
  private short[] baresipHeard() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("snd"))) {
      Path dec =
          files
              .filter(p -> p.getFileName().toString().endsWith("-dec.wav"))
              .findFirst()
              .orElseThrow();
      return WavReader.readAll(dec);
    }
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("baresip.log"));
  }

  @Test
  void ourSoftphoneCallsBaresip_srtpAudioBothWays() throws Exception {
    short[] weSend = TestAudio.noise(1, 16_000);
    short[] baresipSends = TestAudio.noise(2, 40_000);
    Path ours = TestAudio.wav(dir.resolve("ours.wav"), weSend);
    Path theirs = TestAudio.wav(dir.resolve("theirs.wav"), baresipSends);
    Path heard = dir.resolve("heard.wav");
    Process alice = baresip(theirs, 20);
    try {
      Run call = null;
      for (int i = 0; i < 50; i++) { // until baresip has registered
        call =
            phone(
                "call",
                "bob",
                "sip:alice@" + DOMAIN,
                "--play",
                ours.toString(),
                "--record",
                heard.toString(),
                "--duration",
                "3s");
        if (call.exit() == 0) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      assertThat(call.exit()).as(call.out() + call.err() + log()).isZero();
      assertThat(call.out()).contains(": answered, ").contains(", SRTP ");
    } finally {
      alice.destroy();
      alice.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(log()).contains("SRTP is Enabled");
    assertThat(CrossCorrelation.bestMatch(weSend, baresipHeard(), 8_000).coefficient())
        .as("baresip heard our file")
        .isGreaterThan(0.9);
    assertThat(
            CrossCorrelation.bestMatch(baresipSends, WavReader.readAll(heard), 8_000).coefficient())
        .as("we heard baresip's file")
        .isGreaterThan(0.9);
  }

  @Test
  void baresipCallsOurSoftphone_srtpAudioBothWays() throws Exception {
    short[] weSend = TestAudio.noise(3, 16_000);
    short[] baresipSends = TestAudio.noise(4, 40_000);
    Path ours = TestAudio.wav(dir.resolve("ours.wav"), weSend);
    Path theirs = TestAudio.wav(dir.resolve("theirs.wav"), baresipSends);
    Path heard = dir.resolve("heard.wav");
    CompletableFuture<Run> bob =
        CompletableFuture.supplyAsync(
            () ->
                phone(
                    "answer",
                    "bob",
                    "--sip-contact",
                    "--play",
                    ours.toString(),
                    "--record",
                    heard.toString(),
                    "--duration",
                    "3s",
                    "--wait",
                    "60s"));
    // Bob registers in the background; baresip dials once he has (it retries nothing itself).
    for (int i = 0; i < 100 && !registered("bob"); i++) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    Process alice = baresip(theirs, 12, "/dial sip:bob@" + DOMAIN);
    Run answered;
    try {
      answered = bob.get(60, TimeUnit.SECONDS);
    } finally {
      alice.destroy();
      alice.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(answered.exit()).as(answered.out() + answered.err() + log()).isZero();
    assertThat(answered.out())
        .contains("call from sip:alice@" + DOMAIN + ": answered, ")
        .contains(", SRTP ");
    assertThat(CrossCorrelation.bestMatch(weSend, baresipHeard(), 8_000).coefficient())
        .as("baresip heard our file")
        .isGreaterThan(0.9);
    assertThat(
            CrossCorrelation.bestMatch(baresipSends, WavReader.readAll(heard), 8_000).coefficient())
        .as("we heard baresip's file")
        .isGreaterThan(0.9);
  }

  private boolean registered(String user) {
    Run r = sipher("reg", "list", "--data", dir.resolve("data").toString());
    return r.exit() == 0 && r.out().contains(user + "@");
  }
}
