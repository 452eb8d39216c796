package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException;
import io.sipher.media.PacketRejectedException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes RTCP compound packets (RFC 3550 §6.1). Reading applies the header checks of
 * §A.2: every packet version 2, the first one an SR or RR, padding only on the last one, and the
 * length fields adding up to the datagram. SR, RR, SDES and BYE are interpreted; other types are
 * kept as {@link RtcpPacket.Other}.
 */
public final class RtcpCodec {
  private static final int HEADER = 4;

  private RtcpCodec() {}

  /**
   * Parses the first {@code length} bytes of {@code data} as a compound packet.
   *
   * @throws PacketRejectedException with {@link Reason#MALFORMED} when a check fails
   */
  public static List<RtcpPacket> parse(byte[] data, int length) throws PacketRejectedException {
    if (length < HEADER || length > data.length || length % 4 != 0) {
      throw malformed("RTCP length " + length + " is not a positive multiple of 4");
    }
    List<RtcpPacket> packets = new ArrayList<>();
    int offset = 0;
    while (offset < length) {
      if (offset + HEADER > length) {
        throw malformed("truncated RTCP header");
      }
      int b0 = Bytes.u8(data, offset);
      int type = Bytes.u8(data, offset + 1);
      int end = offset + 4 * (Bytes.u16(data, offset + 2) + 1);
      if (b0 >> 6 != 2) {
        throw malformed("RTCP version " + (b0 >> 6));
      }
      if (packets.isEmpty() && type != RtcpPacket.SR && type != RtcpPacket.RR) {
        throw malformed("a compound packet starts with SR or RR, not " + type);
      }
      if (end > length) {
        throw malformed("RTCP length field beyond the datagram");
      }
      int bodyEnd = end;
      if ((b0 & 0x20) != 0) {
        if (end != length) {
          throw malformed("padding on a packet that is not the last");
        }
        int padding = Bytes.u8(data, end - 1);
        if (padding == 0 || padding > end - offset - HEADER) {
          throw malformed("bad RTCP padding " + padding);
        }
        bodyEnd -= padding;
      }
      packets.add(readOne(data, offset, bodyEnd, type, b0 & 0x1F));
      offset = end;
    }
    return packets;
  }

  private static RtcpPacket readOne(byte[] b, int start, int end, int type, int count)
      throws PacketRejectedException {
    int p = start + HEADER;
    switch (type) {
      case RtcpPacket.SR:
        need(p + 24 + count * ReportBlock.BYTES, end, "SR");
        long ntp = (Bytes.u32(b, p + 4) << 32) | Bytes.u32(b, p + 8);
        return new RtcpPacket.SenderReport(
            Bytes.u32(b, p),
            ntp,
            Bytes.u32(b, p + 12),
            Bytes.u32(b, p + 16),
            Bytes.u32(b, p + 20),
            blocks(b, p + 24, count));
      case RtcpPacket.RR:
        need(p + 4 + count * ReportBlock.BYTES, end, "RR");
        return new RtcpPacket.ReceiverReport(Bytes.u32(b, p), blocks(b, p + 4, count));
      case RtcpPacket.SDES:
        return SdesCodec.read(b, p, end, count);
      case RtcpPacket.BYE:
        need(p + 4 * count, end, "BYE");
        List<Long> ssrcs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          ssrcs.add(Bytes.u32(b, p + 4 * i));
        }
        int r = p + 4 * count;
        String reason = null;
        if (r < end) {
          int len = Bytes.u8(b, r);
          need(r + 1 + len, end, "BYE reason");
          reason = new String(b, r + 1, len, StandardCharsets.UTF_8);
        }
        return new RtcpPacket.Bye(ssrcs, reason);
      default:
        return new RtcpPacket.Other(type, count, Arrays.copyOfRange(b, p, end));
    }
  }

  private static List<ReportBlock> blocks(byte[] b, int offset, int count) {
    List<ReportBlock> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      blocks.add(ReportBlock.read(b, offset + i * ReportBlock.BYTES));
    }
    return blocks;
  }

  static void need(int required, int end, String what) throws PacketRejectedException {
    if (required > end) {
      throw malformed(what + " longer than its packet");
    }
  }

  static PacketRejectedException malformed(String detail) {
    return new PacketRejectedException(Reason.MALFORMED, detail);
  }

  /** The wire form of a compound packet, without padding. */
  public static byte[] write(List<? extends RtcpPacket> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    for (RtcpPacket packet : packets) {
      byte[] one = writeOne(packet);
      out.write(one, 0, one.length);
    }
    return out.toByteArray();
  }

  private static byte[] writeOne(RtcpPacket packet) {
    int count;
    byte[] body;
    if (packet instanceof RtcpPacket.SenderReport sr) {
      count = sr.reports().size();
      body = new byte[24 + count * ReportBlock.BYTES];
      Bytes.put32(body, 0, sr.ssrc());
      Bytes.put32(body, 4, sr.ntpTimestamp() >>> 32);
      Bytes.put32(body, 8, sr.ntpTimestamp() & 0xFFFFFFFFL);
      Bytes.put32(body, 12, sr.rtpTimestamp());
      Bytes.put32(body, 16, sr.packetCount());
      Bytes.put32(body, 20, sr.octetCount());
      writeBlocks(body, 24, sr.reports());
    } else if (packet instanceof RtcpPacket.ReceiverReport rr) {
      count = rr.reports().size();
      body = new byte[4 + count * ReportBlock.BYTES];
      Bytes.put32(body, 0, rr.ssrc());
      writeBlocks(body, 4, rr.reports());
    } else if (packet instanceof RtcpPacket.SourceDescription sdes) {
      count = sdes.chunks().size();
      body = SdesCodec.write(sdes);
    } else if (packet instanceof RtcpPacket.Bye bye) {
      count = bye.ssrcs().size();
      body = byeBody(bye);
    } else {
      RtcpPacket.Other other = (RtcpPacket.Other) packet;
      count = other.count();
      body = other.body();
      if (body.length % 4 != 0) {
        body = Arrays.copyOf(body, (body.length + 3) & ~3);
      }
    }
    byte[] out = new byte[HEADER + body.length];
    out[0] = (byte) (0x80 | count);
    out[1] = (byte) packet.packetType();
    Bytes.put16(out, 2, body.length / 4);
    System.arraycopy(body, 0, out, HEADER, body.length);
    return out;
  }

  private static void writeBlocks(byte[] body, int offset, List<ReportBlock> blocks) {
    for (int i = 0; i < blocks.size(); i++) {
      blocks.get(i).write(body, offset + i * ReportBlock.BYTES);
    }
  }

  private static byte[] byeBody(RtcpPacket.Bye bye) {
    byte[] reason = bye.reason() == null ? new byte[0] : SdesCodec.truncate(bye.reason(), 255);
    int length = 4 * bye.ssrcs().size() + (bye.reason() == null ? 0 : 1 + reason.length);
    byte[] body = new byte[(length + 3) & ~3];
    for (int i = 0; i < bye.ssrcs().size(); i++) {
      Bytes.put32(body, 4 * i, bye.ssrcs().get(i));
    }
    if (bye.reason() != null) {
      int r = 4 * bye.ssrcs().size();
      body[r] = (byte) reason.length;
      System.arraycopy(reason, 0, body, r + 1, reason.length);
    }
    return body;
  }
}
