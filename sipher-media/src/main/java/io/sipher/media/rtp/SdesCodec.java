package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SDES chunks (RFC 3550 §6.5): SSRC, items, a null octet, padding to a 32-bit boundary. */
final class SdesCodec {
  private SdesCodec() {}

  static RtcpPacket.SourceDescription read(byte[] b, int start, int end, int count)
      throws PacketRejectedException {
    List<RtcpPacket.Chunk> chunks = new ArrayList<>(count);
    int p = start;
    for (int c = 0; c < count; c++) {
      RtcpCodec.need(p + 4, end, "SDES chunk");
      long ssrc = Bytes.u32(b, p);
      p += 4;
      List<RtcpPacket.Item> items = new ArrayList<>();
      while (true) {
        RtcpCodec.need(p + 1, end, "SDES chunk without its end");
        int type = Bytes.u8(b, p);
        if (type == 0) {
          // The end item, then null octets up to the next 32-bit boundary.
          p = ((p - start) / 4 + 1) * 4 + start;
          RtcpCodec.need(p, end, "SDES chunk padding");
          break;
        }
        RtcpCodec.need(p + 2, end, "SDES item");
        int len = Bytes.u8(b, p + 1);
        RtcpCodec.need(p + 2 + len, end, "SDES item");
        items.add(new RtcpPacket.Item(type, new String(b, p + 2, len, StandardCharsets.UTF_8)));
        p += 2 + len;
      }
      chunks.add(new RtcpPacket.Chunk(ssrc, items));
    }
    return new RtcpPacket.SourceDescription(chunks);
  }

  static byte[] write(RtcpPacket.SourceDescription sdes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    byte[] word = new byte[4];
    for (RtcpPacket.Chunk chunk : sdes.chunks()) {
      Bytes.put32(word, 0, chunk.ssrc());
      out.write(word, 0, 4);
      int length = 0;
      for (RtcpPacket.Item item : chunk.items()) {
        byte[] text = truncate(item.text(), 255);
        out.write(item.type());
        out.write(text.length);
        out.write(text, 0, text.length);
        length += 2 + text.length;
      }
      // At least one null octet ends the item list; more pad the chunk to 32 bits.
      int nulls = 4 - (length % 4);
      out.write(new byte[nulls], 0, nulls);
    }
    return out.toByteArray();
  }

  /** UTF-8 bytes of the text, cut to at most {@code max} bytes on a character boundary. */
  static byte[] truncate(String text, int max) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= max) {
      return bytes;
    }
    int cut = max;
    while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
      cut--;
    }
    return Arrays.copyOf(bytes, cut);
  }
}
