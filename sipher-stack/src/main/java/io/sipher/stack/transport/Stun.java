package io.sipher.stack.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Just enough STUN (RFC 5389) to answer the Binding requests that RFC 5626 §4.4.2 clients send as
 * keep-alives on a UDP flow: the success response carries XOR-MAPPED-ADDRESS, which tells the
 * client whether its NAT binding changed. SIP and STUN share the port and are told apart by the
 * first byte (SIP starts with a letter, STUN with 0b00) and the magic cookie (RFC 5389 §6).
 */
final class Stun {
  private static final int MAGIC_COOKIE = 0x2112A442;
  private static final int BINDING_REQUEST = 0x0001;
  private static final int BINDING_SUCCESS = 0x0101;
  private static final int XOR_MAPPED_ADDRESS = 0x0020;
  private static final int HEADER = 20;

  private Stun() {}

  /** Whether a datagram is a STUN message rather than SIP. */
  static boolean isStun(ByteBuf d) {
    int at = d.readerIndex();
    return d.readableBytes() >= HEADER
        && (d.getByte(at) & 0xC0) == 0
        && d.getInt(at + 4) == MAGIC_COOKIE
        && (d.getUnsignedShort(at + 2) & 0x3) == 0
        && d.getUnsignedShort(at + 2) + HEADER == d.readableBytes();
  }

  /** The success response to a Binding request from {@code source}, or null for anything else. */
  static ByteBuf bindingResponse(
      ByteBuf request, InetSocketAddress source, ByteBufAllocator alloc) {
    int at = request.readerIndex();
    if (request.getUnsignedShort(at) != BINDING_REQUEST) {
      return null; // indications and responses need no answer
    }
    byte[] address = source.getAddress().getAddress();
    boolean v4 = source.getAddress() instanceof Inet4Address;
    int valueLength = 4 + address.length;
    ByteBuf out = alloc.buffer(HEADER + 4 + valueLength);
    out.writeShort(BINDING_SUCCESS);
    out.writeShort(4 + valueLength);
    out.writeInt(MAGIC_COOKIE);
    out.writeBytes(request, at + 8, 12); // transaction id, echoed
    out.writeShort(XOR_MAPPED_ADDRESS);
    out.writeShort(valueLength);
    out.writeByte(0);
    out.writeByte(v4 ? 0x01 : 0x02);
    out.writeShort(source.getPort() ^ (MAGIC_COOKIE >>> 16));
    // RFC 5389 §15.2: the address is XORed with the cookie, and for IPv6 also the transaction id.
    byte[] mask = new byte[16];
    mask[0] = 0x21;
    mask[1] = 0x12;
    mask[2] = (byte) 0xA4;
    mask[3] = 0x42;
    request.getBytes(at + 8, mask, 4, 12);
    for (int i = 0; i < address.length; i++) {
      out.writeByte(address[i] ^ mask[i]);
    }
    return out;
  }
}
