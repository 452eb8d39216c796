package io.sipher.message.syntax;

/**
 * Shared instances of the tokens that fill most SIP messages (protocol name and version,
 * transports, the common parameter names), so that reading them does not allocate. The lookup is a
 * switch on length and first character: cheaper than the substring it saves.
 */
final class Tokens {
  private Tokens() {}

  /** {@code s.substring(start, end)}, or the shared instance of an equal common token. */
  static String intern(String s, int start, int end) {
    String candidate =
        switch (end - start) {
          case 1 -> s.charAt(start) == 'q' ? "q" : null;
          case 2 -> pick(s.charAt(start), 'l', "lr", 'o', "ob", 'W', "WS", 'i', "id");
          case 3 ->
              switch (s.charAt(start)) {
                case 'S' -> "SIP";
                case '2' -> "2.0";
                case 'U' -> "UDP";
                case 'T' -> s.charAt(start + 1) == 'C' ? "TCP" : "TLS";
                case 't' ->
                    s.charAt(start + 1) == 'a' ? "tag" : s.charAt(start + 1) == 'c' ? "tcp" : "tls";
                case 'u' -> "udp";
                default -> null;
              };
          case 4 -> pick(s.charAt(start), 'S', "SCTP", 'u', "user");
          case 5 -> pick(s.charAt(start), 'r', "rport", 'a', "alias", 'm', "maddr", 'p', "phone");
          case 6 -> pick(s.charAt(start), 'b', "branch", 'r', "reg-id", 'm', "method");
          case 7 -> s.charAt(start) == 'e' ? "expires" : null;
          case 8 -> s.charAt(start) == 'r' ? "received" : null;
          case 9 -> s.charAt(start) == 't' ? "transport" : null;
          default -> null;
        };
    return candidate != null && s.startsWith(candidate, start)
        ? candidate
        : s.substring(start, end);
  }

  private static String pick(char c, char c1, String s1, char c2, String s2) {
    return c == c1 ? s1 : c == c2 ? s2 : null;
  }

  private static String pick(
      char c, char c1, String s1, char c2, String s2, char c3, String s3, char c4, String s4) {
    return c == c1 ? s1 : c == c2 ? s2 : c == c3 ? s3 : c == c4 ? s4 : null;
  }

  private static String pick(char c, char c1, String s1, char c2, String s2, char c3, String s3) {
    return c == c1 ? s1 : c == c2 ? s2 : c == c3 ? s3 : null;
  }
}
