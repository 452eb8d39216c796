package io.sipher.stack.transport;

/** Tells host names from IP literals without any DNS lookup. */
final class Hosts {
  private Hosts() {}

  /** Whether {@code host} is an IPv4 dotted quad or an IPv6 literal (bracketed or not). */
  static boolean isIpLiteral(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    if (host.indexOf(':') >= 0) {
      return true; // only IPv6 literals contain colons; host names cannot
    }
    int dots = 0;
    int digits = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (digits == 0) {
          return false;
        }
        dots++;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        digits++;
      } else {
        return false;
      }
    }
    return dots == 3 && digits > 0;
  }
}
