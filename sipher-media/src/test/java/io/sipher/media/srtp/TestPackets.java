package io.sipher.media.srtp;

import java.util.HexFormat;

/** Hex and packet builders for the SRTP and SDES tests. */
public final class TestPackets {
  private TestPackets() {}

  /** Octets from hex, ignoring spaces and line breaks as the RFCs lay them out. */
  public static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** An RTP packet with payload type 0 (PCMU), {@code payload} octets of a counting pattern. */
  public static byte[] rtp(int ssrc, int seq, int payload) {
    byte[] p = new byte[12 + payload];
    p[0] = (byte) 0x80;
    p[1] = 0;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    int timestamp = seq * 160;
    PacketCipher.writeInt(p, 4, timestamp);
    PacketCipher.writeInt(p, 8, ssrc);
    for (int i = 0; i < payload; i++) {
      p[12 + i] = (byte) (i * 7 + seq);
    }
    return p;
  }

  /**
   * An RTP packet with two CSRCs, a one-word header extension and four octets of padding, so the
   * header is 28 octets and the padding is part of the encrypted payload.
   */
  public static byte[] rtpWithCsrcsExtensionAndPadding(int ssrc, int seq, int payload) {
    int header = 12 + 8 + 8;
    byte[] p = new byte[header + payload + 4];
    p[0] = (byte) (0x80 | 0x20 | 0x10 | 2);
    p[1] = (byte) 0x88;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    PacketCipher.writeInt(p, 8, ssrc);
    PacketCipher.writeInt(p, 12, 0x1111_1111);
    PacketCipher.writeInt(p, 16, 0x2222_2222);
    p[20] = (byte) 0xBE;
    p[21] = (byte) 0xDE;
    p[23] = 1;
    PacketCipher.writeInt(p, 24, 0x10AB_0000);
    for (int i = 0; i < payload; i++) {
      p[header + i] = (byte) i;
    }
    p[p.length - 1] = 4;
    return p;
  }

  /** An RTCP receiver report with one report block, from {@code ssrc}. */
  public static byte[] rtcp(int ssrc) {
    byte[] p = new byte[32];
    p[0] = (byte) 0x81;
    p[1] = (byte) 201;
    p[3] = 7;
    PacketCipher.writeInt(p, 4, ssrc);
    PacketCipher.writeInt(p, 8, 0x0BAD_CAFE);
    for (int i = 12; i < p.length; i++) {
      p[i] = (byte) i;
    }
    return p;
  }
}
