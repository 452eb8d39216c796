package io.sipher.stack.transport;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NSS key-log file that lets Wireshark decrypt captured TLS (TLS 1.3 traffic secrets, TLS 1.2
 * client randoms and master secrets), one line per secret as BoringSSL formats it. Only the OpenSSL
 * engine can export secrets; with the JDK engine configuring a key log is refused. Lines are
 * appended from the network threads as handshakes happen: a debugging aid, not for production load.
 *
 * <p>netty-tcnative offers the hook ({@code SSLContext.setKeyLogCallback}) but Netty 4.2.18 does
 * not expose it, and it needs netty-tcnative's own context pointer, which Netty keeps in a
 * protected field: read here by reflection, once per context built.
 */
final class KeyLog {
  private static final Logger log = LoggerFactory.getLogger(KeyLog.class);

  private final Path file;

  KeyLog(Path file) {
    this.file = file;
    try {
      if (!Files.exists(file)) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("cannot create the TLS key log " + file + ": " + e, e);
    }
    log.warn(
        "TLS key log enabled: secrets of new TLS sessions go to {}; whoever reads it can decrypt"
            + " them",
        file);
  }

  /** Makes {@code context} report its secrets to the file. */
  void attach(SslContext context) {
    if (!(context instanceof ReferenceCountedOpenSslContext openssl)) {
      throw new IllegalStateException("the TLS key log needs the OpenSSL engine");
    }
    io.netty.internal.tcnative.SSLContext.setKeyLogCallback(tcnativeContext(openssl), this::write);
  }

  private static long tcnativeContext(ReferenceCountedOpenSslContext context) {
    try {
      Field ctx = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
      ctx.setAccessible(true);
      return ctx.getLong(context);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot reach the OpenSSL context for key logging", e);
    }
  }

  private synchronized void write(long ssl, byte[] line) {
    byte[] withNewline = new byte[line.length + 1];
    System.arraycopy(line, 0, withNewline, 0, line.length);
    withNewline[line.length] = '\n';
    try {
      Files.write(file, withNewline, StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("cannot append to TLS key log {}: {}", file, e.toString());
    }
  }
}
