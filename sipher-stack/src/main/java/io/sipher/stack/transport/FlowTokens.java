package io.sipher.stack.transport;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Flow tokens: 96 random bits, URL-safe base64 (16 characters, usable in a URI user part). Random
 * rather than counted so that a token seen in a Path header says nothing about other flows and
 * cannot be guessed to steer requests onto someone else's connection.
 */
final class FlowTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private FlowTokens() {}

  static String next() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
