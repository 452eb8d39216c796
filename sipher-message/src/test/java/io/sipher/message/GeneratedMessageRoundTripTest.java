package io.sipher.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.header.Address;
import io.sipher.message.header.Via;
import io.sipher.message.validate.MessageValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round trips over generated messages: random but valid requests, with the variations RFC 3261
 * allows (compact names, any case, folding, comma lists or repeated fields, quoted display names
 * with escapes, IPv6 hosts), written out, parsed, checked against what was generated, edited, and
 * parsed again.
 */
class GeneratedMessageRoundTripTest {
  private static final String[] METHODS = {
    "INVITE", "REGISTER", "OPTIONS", "MESSAGE", "SUBSCRIBE", "NOTIFY", "PUBLISH", "BYE"
  };
  private static final String[] HOSTS = {
    "example.com", "p1.example.net", "192.0.2.7", "[2001:db8::7]", "[::ffff:192.0.2.8]"
  };
  private static final String[] TRANSPORTS = {"UDP", "TCP", "TLS", "WSS", "SCTP"};

  /** What the generator put in, to compare the typed views with. */
  record Model(
      String method,
      long cseq,
      String callId,
      String fromTag,
      List<String> branches,
      int contacts,
      String text) {}

  @Test
  void generatedMessagesSurviveParseWriteParse() {
    long seed = Long.getLong("roundtrip.seed", 20261129L);
    Random rnd = new Random(seed);
    SipParser parser = new SipParser();
    MessageValidator validator = new MessageValidator();
    for (int i = 0; i < 3000; i++) {
      Model m = generate(rnd);
      byte[] wire = m.text().getBytes(StandardCharsets.UTF_8);
      ParseResult r = parser.parseDatagram(wire);
      assertThat(r)
          .as("seed %d #%d:%n%s", seed, i, m.text())
          .isInstanceOf(ParseResult.Parsed.class);
      SipRequest req = (SipRequest) ((ParseResult.Parsed) r).message();
      assertThat(validator.validate(req).isAccepted())
          .as("#%d %s%n%s", i, validator.validate(req), m.text())
          .isTrue();
      assertThat(req.toByteArray()).isEqualTo(wire);
      assertThat(req.method()).isEqualTo(m.method());
      assertThat(req.cseq().sequence()).isEqualTo(m.cseq());
      assertThat(req.callId()).isEqualTo(m.callId());
      assertThat(req.from().tag()).isEqualTo(m.fromTag());
      assertThat(req.vias()).extracting(Via::branch).containsExactlyElementsOf(m.branches());
      assertThat(req.contacts()).hasSize(m.contacts());

      SipRequest edited = req.edit().maxForwards(10).popVia().build();
      SipRequest again =
          (SipRequest) ((ParseResult.Parsed) parser.parseDatagram(edited.toByteArray())).message();
      assertThat(again.maxForwards()).isEqualTo(10);
      assertThat(again.vias())
          .extracting(Via::branch)
          .containsExactlyElementsOf(m.branches().subList(1, m.branches().size()));
      assertThat(again.from()).isEqualTo(req.from());
      assertThat(again.to()).isEqualTo(req.to());
      assertThat(again.body()).isEqualTo(req.body());
      assertThat(again.contacts()).isEqualTo(req.contacts());
    }
  }

  private static Model generate(Random rnd) {
    String method = pick(rnd, METHODS);
    long cseq = rnd.nextInt(Integer.MAX_VALUE);
    String callId =
        token(rnd, 12)
            + (rnd.nextBoolean()
                ? "@" + pick(rnd, HOSTS).replace("[", "").replace("]", "").replace(":", "")
                : "");
    String fromTag = token(rnd, 8);
    List<String> lines = new ArrayList<>();
    List<String> branches = new ArrayList<>();
    int vias = 1 + rnd.nextInt(4);
    List<String> viaValues = new ArrayList<>();
    for (int v = 0; v < vias; v++) {
      String branch = "z9hG4bK" + token(rnd, 10);
      branches.add(branch);
      String value =
          "SIP/2.0/"
              + pick(rnd, TRANSPORTS)
              + " "
              + pick(rnd, HOSTS)
              + (rnd.nextBoolean() ? ":" + (1024 + rnd.nextInt(60000)) : "")
              + ";branch="
              + branch
              + (rnd.nextBoolean() ? ";rport" : "")
              + (rnd.nextInt(4) == 0 ? ";received=192.0.2." + rnd.nextInt(255) : "");
      viaValues.add(value);
    }
    // Via values either each in their own field or comma-joined in one (RFC 3261 §7.3.1)
    if (rnd.nextBoolean()) {
      for (String v : viaValues) {
        lines.add(name(rnd, "Via", "v") + ": " + v);
      }
    } else {
      lines.add(
          name(rnd, "Via", "v")
              + ": "
              + String.join(rnd.nextBoolean() ? ", " : " ,\r\n  ", viaValues));
    }
    int viaLines = lines.size();
    lines.add(name(rnd, "Max-Forwards", null) + ": " + (1 + rnd.nextInt(255)));
    lines.add(name(rnd, "From", "f") + ": " + address(rnd) + ";tag=" + fromTag);
    lines.add(name(rnd, "To", "t") + ": " + address(rnd));
    lines.add(name(rnd, "Call-ID", "i") + ": " + callId);
    lines.add(
        name(rnd, "CSeq", null) + ":" + (rnd.nextBoolean() ? " " : "\r\n ") + cseq + " " + method);
    int contacts = rnd.nextInt(3);
    for (int c = 0; c < contacts; c++) {
      lines.add(
          name(rnd, "Contact", "m")
              + ": "
              + address(rnd)
              + (rnd.nextBoolean() ? ";expires=" + rnd.nextInt(7200) : "")
              + (rnd.nextBoolean() ? ";q=0." + rnd.nextInt(10) : ""));
    }
    if (rnd.nextBoolean()) {
      lines.add(
          name(rnd, "Route", null)
              + ": <sip:"
              + pick(rnd, HOSTS)
              + ";lr>, <sips:"
              + pick(rnd, HOSTS)
              + ";lr>");
    }
    for (int u = rnd.nextInt(3); u > 0; u--) {
      lines.add(
          "X-"
              + token(rnd, 6)
              + ":"
              + " ".repeat(rnd.nextInt(3))
              + "some value;"
              + token(rnd, 5)
              + (rnd.nextBoolean() ? "\r\n\t continued" : ""));
    }
    byte[] body =
        rnd.nextInt(3) == 0
            ? new byte[0]
            : ("hello " + token(rnd, rnd.nextInt(40) + 1) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    if (body.length > 0) {
      lines.add(
          name(rnd, "Content-Type", "c")
              + (method.equals("INVITE") ? ": application/sdp" : ": text/plain"));
    }
    if (rnd.nextInt(5) != 0) {
      lines.add(name(rnd, "Content-Length", "l") + ": " + body.length);
    }
    // Via fields keep their order; everything else may come in any order.
    java.util.Collections.shuffle(lines.subList(viaLines, lines.size()), rnd);
    String uri =
        (rnd.nextBoolean() ? "sips:" : "sip:")
            + user(rnd)
            + "@"
            + pick(rnd, HOSTS)
            + (rnd.nextBoolean() ? ";transport=tls" : "");
    StringBuilder sb =
        new StringBuilder().append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
    for (String l : lines) {
      sb.append(l).append("\r\n");
    }
    sb.append("\r\n").append(new String(body, StandardCharsets.UTF_8));
    String text = sb.toString();
    // Without Content-Length the body runs to the end of the datagram, so the model still holds.
    return new Model(method, cseq, callId, fromTag, branches, contacts, text);
  }

  private static String address(Random rnd) {
    String uri = (rnd.nextBoolean() ? "sip:" : "sips:") + user(rnd) + "@" + pick(rnd, HOSTS);
    return switch (rnd.nextInt(4)) {
      // RFC 3261 §20.10: without brackets the URI may not hold ',', ';' or '?'
      case 0 ->
          uri.substring(0, uri.indexOf(':') + 1) + token(rnd, 1) + uri.substring(uri.indexOf('@'));
      case 1 -> "<" + uri + ";transport=tcp>";
      case 2 ->
          Address.of("Näme \"" + token(rnd, 3) + "\", \\x", io.sipher.message.uri.Uri.parse(uri))
              .toString();
      default -> token(rnd, 4) + " " + token(rnd, 3) + " <" + uri + ">";
    };
  }

  private static String name(Random rnd, String full, String compact) {
    if (compact != null && rnd.nextInt(3) == 0) {
      return rnd.nextBoolean() ? compact : compact.toUpperCase();
    }
    return switch (rnd.nextInt(3)) {
      case 0 -> full;
      case 1 -> full.toLowerCase();
      default -> full.toUpperCase();
    };
  }

  private static String token(Random rnd, int len) {
    String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append(chars.charAt(rnd.nextInt(i == 0 ? 62 : chars.length())));
    }
    return sb.toString();
  }

  /** A user part: unreserved characters, and sometimes an escape. */
  private static String user(Random rnd) {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()&=+$,;?/";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1 + rnd.nextInt(8); i++) {
      sb.append(chars.charAt(rnd.nextInt(i == 0 ? 36 : chars.length())));
    }
    return rnd.nextInt(4) == 0 ? sb.append("%20").toString() : sb.toString();
  }

  private static String pick(Random rnd, String[] options) {
    return options[rnd.nextInt(options.length)];
  }
}
