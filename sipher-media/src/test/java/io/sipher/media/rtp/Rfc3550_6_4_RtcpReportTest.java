package io.sipher.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.MediaTransform;
import io.sipher.media.PacketRejectedException;
import io.sipher.media.audio.AudioSource;
import io.sipher.media.audio.G711;
import io.sipher.media.sdp.Direction;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** RFC 3550 §6.4 (SR, RR), §6.5 (SDES), §6.6 (BYE) and the §A.2 compound packet checks. */
class Rfc3550_6_4_RtcpReportTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final ReportBlock BLOCK =
      new ReportBlock(0x11223344L, 64, 25, 0x00010064L, 80, 0xAABBCCDDL, 0x00018000L);

  private static List<RtcpPacket> roundTrip(List<RtcpPacket> packets) throws Exception {
    byte[] wire = RtcpCodec.write(packets);
    assertThat(wire.length % 4).isZero();
    List<RtcpPacket> parsed = RtcpCodec.parse(wire, wire.length);
    assertThat(parsed).isEqualTo(packets);
    return parsed;
  }

  @Test
  void senderReportWireFormat() throws Exception {
    RtcpPacket.SenderReport sr =
        new RtcpPacket.SenderReport(
            0xCAFEBABEL, 0xE1234567_89ABCDEFL, 123456, 500, 80000, List.of(BLOCK));
    byte[] wire = RtcpCodec.write(List.of(sr));
    assertThat(HEX.formatHex(wire))
        .isEqualTo(
            "81c8000c" // V=2, RC=1, PT=200, length 12 words after the first
                + "cafebabe"
                + "e1234567"
                + "89abcdef"
                + "0001e240"
                + "000001f4"
                + "00013880"
                + "11223344"
                + "40000019" // fraction 64/256, cumulative 25
                + "00010064"
                + "00000050"
                + "aabbccdd"
                + "00018000");
    assertThat(sr.compactNtp()).isEqualTo(0x456789ABL);
    assertThat(RtcpCodec.parse(wire, wire.length)).containsExactly(sr);
  }

  @Test
  void compoundReportWithCnameAndBye() throws Exception {
    roundTrip(
        List.of(
            new RtcpPacket.ReceiverReport(1, List.of(BLOCK, BLOCK)),
            RtcpPacket.SourceDescription.cname(1, "user@host.example"),
            new RtcpPacket.Bye(List.of(1L), "hung up")));
    roundTrip(
        List.of(
            new RtcpPacket.ReceiverReport(1, List.of()),
            new RtcpPacket.Bye(List.of(1L, 2L), null)));
  }

  @Test
  void negativeCumulativeLossIsSignExtended() throws Exception {
    ReportBlock negative = new ReportBlock(9, 0, -3, 100, 0, 0, 0);
    List<RtcpPacket> parsed =
        roundTrip(List.of(new RtcpPacket.ReceiverReport(1, List.of(negative))));
    assertThat(((RtcpPacket.ReceiverReport) parsed.get(0)).reports().get(0).cumulativeLost())
        .isEqualTo(-3);
  }

  @Test
  void sdesChunksArePaddedToWords() throws Exception {
    // Every CNAME length puts the null terminator at another place within the last word.
    for (int length = 0; length <= 9; length++) {
      roundTrip(
          List.of(
              new RtcpPacket.ReceiverReport(5, List.of()),
              new RtcpPacket.SourceDescription(
                  List.of(
                      new RtcpPacket.Chunk(
                          5,
                          List.of(
                              new RtcpPacket.Item(RtcpPacket.Item.CNAME, "x".repeat(length)),
                              new RtcpPacket.Item(6, "tool"))),
                      new RtcpPacket.Chunk(6, List.of())))));
    }
    byte[] wire =
        RtcpCodec.write(
            List.of(
                new RtcpPacket.ReceiverReport(5, List.of()),
                RtcpPacket.SourceDescription.cname(5, "ab")));
    // RR (8 bytes), then SDES header, SSRC, the CNAME item "ab" filling a word, and a word of
    // nulls: the end of the item list must be at least one null octet.
    assertThat(HEX.formatHex(wire, 8, wire.length))
        .isEqualTo("81ca0003" + "00000005" + "01026162" + "00000000");
    byte[] three =
        RtcpCodec.write(
            List.of(
                new RtcpPacket.ReceiverReport(5, List.of()),
                RtcpPacket.SourceDescription.cname(5, "abc")));
    assertThat(HEX.formatHex(three, 8, three.length))
        .isEqualTo("81ca0003" + "00000005" + "01036162" + "63000000");
  }

  @Test
  void unknownTypesAreKept() throws Exception {
    List<RtcpPacket> parsed =
        roundTrip(
            List.of(
                new RtcpPacket.ReceiverReport(1, List.of()),
                new RtcpPacket.Other(204, 3, HEX.parseHex("00000001" + "6e616d65"))));
    assertThat(parsed.get(1).packetType()).isEqualTo(204);
  }

  @Test
  void paddingOnTheLastPacketIsRemoved() throws Exception {
    // An RR with 4 bytes of padding: P bit, length covers them, last byte counts them.
    byte[] wire = HEX.parseHex("a0c90002" + "00000001" + "00000004");
    assertThat(RtcpCodec.parse(wire, wire.length))
        .containsExactly(new RtcpPacket.ReceiverReport(1, List.of()));
  }

  @Test
  void compoundChecksOfAppendixA2() {
    String rr = "80c90001" + "00000001";
    String sdes = "81ca0002" + "00000001" + "01000000";
    rejected(sdes + rr, "a compound packet starts with SR or RR, not 202");
    rejected("40c90001" + "00000001", "RTCP version 1");
    rejected("80c90002" + "00000001", "RTCP length field beyond the datagram");
    rejected("80c9000100000001" + "00", "RTCP length 9 is not a positive multiple of 4");
    rejected("a0c90001" + "00000004" + rr, "padding on a packet that is not the last");
    rejected("a0c90001" + "00000000", "bad RTCP padding 0");
    rejected("81c90001" + "00000001", "RR longer than its packet");
    rejected(rr + "81cb0000", "BYE longer than its packet");
    rejected(rr + "81cb0001" + "00000001" + "", null);
    rejected(rr + "80cb0001" + "00000001", null);
    rejected(rr + "80cb0001" + "08616263", "BYE reason longer than its packet");
    rejected(rr + "81ca0001" + "00000001", "SDES chunk without its end longer than its packet");
    rejected(rr + "81ca0002" + "00000001" + "01056162", "SDES item longer than its packet");
  }

  private static void rejected(String hex, String reason) {
    byte[] wire = HEX.parseHex(hex);
    if (reason == null) {
      // Well-formed after all: make sure it parses.
      assertThat(catchParse(wire)).isNull();
      return;
    }
    assertThatThrownBy(() -> RtcpCodec.parse(wire, wire.length))
        .isInstanceOf(PacketRejectedException.class)
        .hasMessage("MALFORMED: " + reason);
  }

  private static Exception catchParse(byte[] wire) {
    try {
      RtcpCodec.parse(wire, wire.length);
      return null;
    } catch (PacketRejectedException e) {
      return e;
    }
  }

  @Test
  void reporterSendsSrWhenSendingAndRrOtherwise() throws Exception {
    // The rule of §6.4: SR if RTP was sent since the report before the last one.
    SessionCounters counters = new SessionCounters();
    RtpStreamConfig config =
        new RtpStreamConfig(
            G711.PCMU,
            0,
            0,
            -1,
            -1,
            Direction.SENDRECV,
            new InetSocketAddress("127.0.0.1", 9),
            null,
            false,
            MediaTransform.NONE,
            false,
            60,
            Duration.ofSeconds(5),
            "cname");
    RtpSender sender =
        new RtpSender(
            null,
            config,
            AudioSource.silence(),
            counters,
            new CompletableFuture<>(),
            new Random(1));
    RtpReceiver receiver =
        new RtpReceiver(config, sender, new JitterBuffer(60), counters, System::nanoTime);
    RtcpReporter reporter = new RtcpReporter(config, sender, receiver, counters, null);
    assertThat(reporter.compound(false).get(0)).isInstanceOf(RtcpPacket.ReceiverReport.class);
    counters.packetsSent.set(10);
    assertThat(reporter.compound(false).get(0)).isInstanceOf(RtcpPacket.SenderReport.class);
    assertThat(reporter.compound(false).get(0)).isInstanceOf(RtcpPacket.SenderReport.class);
    List<RtcpPacket> quiet = reporter.compound(true);
    assertThat(quiet.get(0)).isInstanceOf(RtcpPacket.ReceiverReport.class);
    assertThat(quiet.get(1)).isEqualTo(RtcpPacket.SourceDescription.cname(sender.ssrc(), "cname"));
    assertThat(quiet.get(2)).isEqualTo(new RtcpPacket.Bye(List.of(sender.ssrc()), null));
  }
}
