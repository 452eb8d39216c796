package io.sipher.message;

/**
 * Where a serialized message goes. A transport adapts its buffer type to this (for Netty, {@code
 * byteBuf::writeBytes}), which keeps this module free of I/O dependencies.
 */
@FunctionalInterface
public interface ByteSink {
  void write(byte[] bytes, int offset, int length);
}
