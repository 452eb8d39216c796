package io.sipher.bench;

import io.sipher.message.header.Challenge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A phone's side of SHA-256 digest (RFC 7616 §3.4.1), for load runs. */
final class BenchDigest {
  private BenchDigest() {}

  static String authorization(
      Challenge c, String user, String password, String method, String uri, int nc, String cnonce) {
    String nonceCount = String.format("%08x", nc);
    String ha1 = sha256(user + ":" + c.realm() + ":" + password);
    String ha2 = sha256(method + ":" + uri);
    String response =
        sha256(ha1 + ":" + c.nonce() + ":" + nonceCount + ":" + cnonce + ":auth:" + ha2);
    return "Digest username=\""
        + user
        + "\", realm=\""
        + c.realm()
        + "\", nonce=\""
        + c.nonce()
        + "\", uri=\""
        + uri
        + "\", response=\""
        + response
        + "\", algorithm=SHA-256, cnonce=\""
        + cnonce
        + "\", qop=auth, nc="
        + nonceCount
        + (c.opaque() == null ? "" : ", opaque=\"" + c.opaque() + "\"");
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
