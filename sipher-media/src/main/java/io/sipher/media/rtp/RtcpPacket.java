package io.sipher.media.rtp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One packet of an RTCP compound packet (RFC 3550 §6.4–6.6). {@link RtcpCodec} reads and writes
 * compound packets of them.
 */
public sealed interface RtcpPacket {

  /** SR packet type. */
  int SR = 200;

  /** RR packet type. */
  int RR = 201;

  /** SDES packet type. */
  int SDES = 202;

  /** BYE packet type. */
  int BYE = 203;

  /** The packet type field. */
  int packetType();

  /**
   * Sender report (§6.4.1): an active sender's clocks and counts, and reception reports.
   *
   * @param ntpTimestamp 64-bit NTP time the report was sent
   * @param rtpTimestamp the same instant in the RTP clock
   * @param packetCount RTP packets sent since the start, modulo 2^32
   * @param octetCount payload octets sent since the start, modulo 2^32
   */
  record SenderReport(
      long ssrc,
      long ntpTimestamp,
      long rtpTimestamp,
      long packetCount,
      long octetCount,
      List<ReportBlock> reports)
      implements RtcpPacket {
    public SenderReport {
      reports = checkReports(reports);
    }

    @Override
    public int packetType() {
      return SR;
    }

    /** The middle 32 bits of the NTP timestamp, which receivers echo as LSR (§6.4.1). */
    public long compactNtp() {
      return (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
    }
  }

  /** Receiver report (§6.4.2): reception reports from a participant that is not sending. */
  record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
    public ReceiverReport {
      reports = checkReports(reports);
    }

    @Override
    public int packetType() {
      return RR;
    }
  }

  /** Source description (§6.5): chunks of items per source. */
  record SourceDescription(List<Chunk> chunks) implements RtcpPacket {
    public SourceDescription {
      chunks = List.copyOf(chunks);
      if (chunks.size() > 31) {
        throw new IllegalArgumentException("at most 31 chunks in one SDES packet");
      }
    }

    /** One SDES packet with the CNAME of one source, what every compound packet carries. */
    public static SourceDescription cname(long ssrc, String cname) {
      return new SourceDescription(List.of(new Chunk(ssrc, List.of(new Item(Item.CNAME, cname)))));
    }

    @Override
    public int packetType() {
      return SDES;
    }
  }

  /** The items describing one source. */
  record Chunk(long ssrc, List<Item> items) {
    public Chunk {
      items = List.copyOf(items);
    }

    /** The CNAME item's text (§6.5.1), if present. */
    public Optional<String> cname() {
      return items.stream().filter(i -> i.type() == Item.CNAME).map(Item::text).findFirst();
    }
  }

  /**
   * One SDES item: type 1 (CNAME) to 8 (PRIV), text of up to 255 UTF-8 bytes.
   *
   * @param type 1 to 255
   */
  record Item(int type, String text) {
    /** Canonical end-point identifier (§6.5.1). */
    public static final int CNAME = 1;

    public Item {
      Objects.requireNonNull(text, "text");
      if (type < 1 || type > 255) {
        throw new IllegalArgumentException("SDES item type 1 to 255");
      }
    }
  }

  /**
   * Goodbye (§6.6): the sources are leaving.
   *
   * @param reason the reason for leaving, or null
   */
  record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {
    public Bye {
      ssrcs = List.copyOf(ssrcs);
      if (ssrcs.size() > 31) {
        throw new IllegalArgumentException("at most 31 sources in one BYE");
      }
    }

    @Override
    public int packetType() {
      return BYE;
    }
  }

  /**
   * A packet type this layer does not interpret (APP, feedback, XR...), kept as its header count
   * and body.
   *
   * @param count the 5-bit count field of the header
   * @param body the bytes after the 4-byte header, without padding
   */
  record Other(int packetType, int count, byte[] body) implements RtcpPacket {
    public Other {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Other other
          && other.packetType == packetType
          && other.count == count
          && Arrays.equals(other.body, body);
    }

    @Override
    public int hashCode() {
      return 31 * packetType + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
      return "Other[pt=" + packetType + " count=" + count + " bytes=" + body.length + "]";
    }
  }

  private static List<ReportBlock> checkReports(List<ReportBlock> reports) {
    List<ReportBlock> copy = List.copyOf(reports);
    if (copy.size() > 31) {
      throw new IllegalArgumentException("at most 31 report blocks in one packet");
    }
    return copy;
  }
}
