package io.sipher.stack.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sipher.message.SipMessage;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Messages into Netty buffers, written once at their exact length. */
final class Encoding {
  private Encoding() {}

  static ByteBuf encode(ByteBufAllocator alloc, SipMessage message) {
    ByteBuf buf = alloc.buffer(message.encodedLength());
    message.writeTo(buf::writeBytes);
    return buf;
  }

  /** Whether the readable bytes are valid UTF-8 (cheap for the usual all-ASCII message). */
  static boolean isUtf8(ByteBuf buf) {
    int n = buf.readableBytes();
    int from = buf.readerIndex();
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) {
      ascii = buf.getByte(from + i) >= 0;
    }
    if (ascii) {
      return true;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(buf.nioBuffer());
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
