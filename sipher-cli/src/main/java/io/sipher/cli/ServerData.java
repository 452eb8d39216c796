package io.sipher.cli;

import io.sipher.server.store.SqliteStore;
import java.net.InetAddress;
import java.nio.file.Path;

/** Where {@code sipher serve}, {@code sipher user} and {@code sipher reg} keep their state. */
final class ServerData {
  static final String DEFAULT_DIR = "sipher-data";
  static final String STORE_FILE = "sipher.db";
  static final String AUTH_SECRET_FILE = "auth.secret";

  private ServerData() {}

  static SqliteStore open(Path data) {
    return SqliteStore.open(data.resolve(STORE_FILE));
  }

  /**
   * The default SIP domain: this machine's host name, as the server certificate made on first start
   * names it (with localhost and 127.0.0.1 beside it).
   */
  static String defaultDomain() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() ? "localhost" : name.toLowerCase(java.util.Locale.ROOT);
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
