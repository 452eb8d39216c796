package io.sipher.server.auth;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Challenge;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.testing.Wire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * A user agent's side of digest authentication, written independently of the server code (its own
 * hashing and string building) so that tests check the server against RFC 7616 §3.4, not against
 * itself.
 */
public final class TestUa {
  final String user;
  final String password;
  private int nc;
  private String cnonce = "0a4f113b";

  public TestUa(String user, String password) {
    this.user = user;
    this.password = password;
  }

  /** A request parsed from text written with LF line ends. */
  static SipRequest parse(String text) {
    return Wire.request(text);
  }

  /** A REGISTER for {@code user}@example.com, without credentials. */
  static SipRequest register(String user, int cseq) {
    return parse(
        "REGISTER sip:example.com SIP/2.0\n"
            + "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK-"
            + cseq
            + "\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:"
            + user
            + "@example.com>;tag=f1\n"
            + "To: <sip:"
            + user
            + "@example.com>\n"
            + "Call-ID: reg-1@192.0.2.10\n"
            + "CSeq: "
            + cseq
            + " REGISTER\n"
            + "Contact: <sips:"
            + user
            + "@192.0.2.10:5061>\n"
            + "Content-Length: 0\n"
            + "\n");
  }

  /** An INVITE to bob through a proxy, without credentials. */
  static SipRequest invite(int cseq) {
    return parse(
        "INVITE sip:bob@example.com SIP/2.0\n"
            + "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK-i"
            + cseq
            + "\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@example.com>;tag=f2\n"
            + "To: <sip:bob@example.com>\n"
            + "Call-ID: inv-1@192.0.2.10\n"
            + "CSeq: "
            + cseq
            + " INVITE\n"
            + "Contact: <sips:alice@192.0.2.10:5061>\n"
            + "Content-Length: 0\n"
            + "\n");
  }

  /** The challenges of a 401 or 407, in order. */
  public static List<Challenge> challenges(SipResponse r) {
    return r.statusCode() == 407
        ? r.all(SipHeaders.PROXY_AUTHENTICATE)
        : r.all(SipHeaders.WWW_AUTHENTICATE);
  }

  /** The first challenge whose algorithm this UA knows: all of them, so simply the first. */
  static Challenge first(SipResponse r) {
    return challenges(r).get(0);
  }

  void cnonce(String value) {
    cnonce = value;
  }

  /** The next nonce-count, as 8 hex digits. */
  String nextNc() {
    return String.format(Locale.ROOT, "%08x", ++nc);
  }

  /** Answers {@code ch} for {@code request} with the next nonce-count. */
  public String answer(Challenge ch, SipRequest request) {
    return answer(ch, request, nextNc());
  }

  String answer(Challenge ch, SipRequest request, String ncValue) {
    return credentials(ch, request.method(), request.requestUriText(), ncValue, cnonce, password);
  }

  /** The Authorization value RFC 7616 §3.4 asks of a client, for {@code password}. */
  String credentials(
      Challenge ch, String method, String uri, String ncValue, String cn, String pass) {
    String alg = ch.algorithm();
    String ha1 = h(alg, user + ":" + ch.realm() + ":" + pass);
    String ha2 = h(alg, method + ":" + uri);
    String response = h(alg, ha1 + ":" + ch.nonce() + ":" + ncValue + ":" + cn + ":auth:" + ha2);
    StringBuilder sb = new StringBuilder("Digest ");
    sb.append("username=\"").append(user).append("\", ");
    sb.append("realm=\"").append(ch.realm()).append("\", ");
    sb.append("nonce=\"").append(ch.nonce()).append("\", ");
    sb.append("uri=\"").append(uri).append("\", ");
    sb.append("response=\"").append(response).append("\", ");
    sb.append("algorithm=").append(alg).append(", ");
    sb.append("cnonce=\"").append(cn).append("\", ");
    if (ch.opaque() != null) {
      sb.append("opaque=\"").append(ch.opaque()).append("\", ");
    }
    sb.append("qop=auth, nc=").append(ncValue);
    return sb.toString();
  }

  /** The expected rspauth of Authentication-Info (RFC 7616 §3.5). */
  String rspauth(Challenge ch, String uri, String ncValue) {
    String alg = ch.algorithm();
    String ha1 = h(alg, user + ":" + ch.realm() + ":" + password);
    String ha2 = h(alg, ":" + uri);
    return h(alg, ha1 + ":" + ch.nonce() + ":" + ncValue + ":" + cnonce + ":auth:" + ha2);
  }

  /** {@code request} resent with credentials: a new branch and CSeq, as RFC 3261 §22.2 says. */
  static SipRequest withCredentials(SipRequest request, boolean proxy, String value) {
    long cseq = request.cseq().sequence() + 1;
    return request
        .edit()
        .set(proxy ? HeaderName.PROXY_AUTHORIZATION : HeaderName.AUTHORIZATION, value)
        .set(HeaderField.of(HeaderName.CSEQ, cseq + " " + request.method()))
        .set(HeaderName.VIA, "SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK-r" + cseq)
        .build();
  }

  /** Hex digest by the algorithm's RFC 7616 name, with the JDK directly. */
  static String h(String algorithm, String text) {
    String jca =
        switch (algorithm.toUpperCase(Locale.ROOT)) {
          case "MD5" -> "MD5";
          case "SHA-256" -> "SHA-256";
          case "SHA-512-256" -> "SHA-512/256";
          default -> throw new IllegalArgumentException(algorithm);
        };
    try {
      byte[] d = MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder();
      for (byte x : d) {
        sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
