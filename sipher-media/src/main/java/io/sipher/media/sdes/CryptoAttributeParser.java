package io.sipher.media.sdes;

import io.sipher.media.sdes.CryptoAttribute.Invalid;
import io.sipher.media.sdes.CryptoAttribute.ParseResult;
import io.sipher.media.sdes.CryptoAttribute.Parsed;
import io.sipher.media.srtp.MasterKey;
import io.sipher.media.srtp.SrtpProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The RFC 4568 §9.1/§9.2 grammar. Input is attacker-controlled SDP: every failure is an {@link
 * Invalid}, nothing unchecked escapes, and work is bounded by {@link #MAX_LENGTH}.
 */
final class CryptoAttributeParser {
  /** Far above any real line (a 256-bit key line with a few parameters is under 150 octets). */
  static final int MAX_LENGTH = 2048;

  private static final long MAX_LIFETIME = SrtpProfile.MAX_SRTP_PACKETS;

  private CryptoAttributeParser() {}

  static ParseResult parse(String value) {
    if (value == null) {
      return new Invalid("no value");
    }
    String s = value;
    if (s.startsWith("a=crypto:")) {
      s = s.substring("a=crypto:".length());
    } else if (s.startsWith("crypto:")) {
      s = s.substring("crypto:".length());
    }
    if (s.length() > MAX_LENGTH) {
      return new Invalid("longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x21 || c > 0x7E) && c != ' ' && c != '\t') {
        return new Invalid("character 0x" + Integer.toHexString(c) + " at " + i);
      }
    }
    // Fields are separated by 1*WSP; no field contains WSP.
    String[] fields = s.strip().split("[ \t]+");
    if (fields.length < 3) {
      return new Invalid(
          "expected <tag> <crypto-suite> <key-params>, got " + fields.length + " fields");
    }
    if (!fields[0].matches("[0-9]{1,9}")) {
      return new Invalid("tag must be 1 to 9 digits");
    }
    int tag = Integer.parseInt(fields[0]);
    if (!fields[1].matches("[A-Za-z0-9_]+")) {
      return new Invalid("malformed crypto-suite");
    }
    Optional<SrtpProfile> suite = SrtpProfile.forSdesName(fields[1]);
    if (suite.isEmpty()) {
      return new Invalid("unsupported crypto-suite " + fields[1]);
    }
    List<SdesKey> keys = new ArrayList<>();
    String problem = keyParams(fields[2], suite.get(), keys);
    if (problem != null) {
      return new Invalid(problem);
    }
    List<String> params = Arrays.asList(fields).subList(3, fields.length);
    for (String p : params) {
      problem = sessionParam(p);
      if (problem != null) {
        return new Invalid(problem);
      }
    }
    return new Parsed(new CryptoAttribute(tag, suite.get(), keys, params));
  }

  /** key-params = key-param *(";" key-param); fills {@code keys} or returns the problem. */
  private static String keyParams(String text, SrtpProfile suite, List<SdesKey> keys) {
    String[] params = text.split(";", -1);
    for (String param : params) {
      int colon = param.indexOf(':');
      if (colon <= 0) {
        return "key-param must be <key-method>:<key-info>";
      }
      if (!param.substring(0, colon).equalsIgnoreCase("inline")) {
        return "unsupported key-method " + param.substring(0, colon);
      }
      String problem = inlineKey(param.substring(colon + 1), suite, keys);
      if (problem != null) {
        return problem;
      }
    }
    if (keys.size() > 1) {
      // RFC 4568 §6.1: several keys are told apart by their MKI, which all must carry, equally
      // long.
      Set<Long> values = new HashSet<>();
      for (SdesKey k : keys) {
        if (!k.hasMki() || k.mkiLength() != keys.get(0).mkiLength()) {
          return "several keys need an MKI of one length each";
        }
        if (!values.add(k.mkiValue())) {
          return "MKI " + k.mkiValue() + " given twice";
        }
      }
    }
    return null;
  }

  /** srtp-key-info = key-salt ["|" lifetime] ["|" mki] (RFC 4568 §9.2). */
  private static String inlineKey(String info, SrtpProfile suite, List<SdesKey> keys) {
    String[] parts = info.split("\\|", -1);
    if (parts.length > 3) {
      return "key-info has more than key, lifetime and MKI";
    }
    byte[] both;
    if (!parts[0].matches("[A-Za-z0-9+/]+={0,2}")) {
      return "key-salt is not base64";
    }
    try {
      both = Base64.getDecoder().decode(parts[0]);
    } catch (IllegalArgumentException e) {
      return "key-salt is not base64";
    }
    int keyLength = suite.masterKeyLength();
    int saltLength = suite.masterSaltLength();
    if (both.length != keyLength + saltLength) {
      return suite
          + " needs "
          + (keyLength + saltLength)
          + " octets of key and salt, not "
          + both.length;
    }
    MasterKey key =
        MasterKey.of(
            Arrays.copyOfRange(both, 0, keyLength),
            Arrays.copyOfRange(both, keyLength, both.length));
    Arrays.fill(both, (byte) 0);
    String lifetime = null;
    String mki = null;
    if (parts.length == 3) {
      lifetime = parts[1];
      mki = parts[2];
    } else if (parts.length == 2) {
      // The one optional part is the MKI exactly when it has the mki-value ":" mki-length form.
      if (parts[1].indexOf(':') >= 0) {
        mki = parts[1];
      } else {
        lifetime = parts[1];
      }
    }
    if (lifetime != null) {
      long packets = lifetime(lifetime);
      if (packets <= 0) {
        return "lifetime must be [2^]digits, from 1 to 2^48 packets";
      }
      key = key.withLifetime(packets);
    }
    if (mki == null) {
      keys.add(SdesKey.of(key));
      return null;
    }
    if (!mki.matches("[0-9]{1,18}:[0-9]{1,3}")) {
      return "MKI must be <value>:<length> in digits";
    }
    int colon = mki.indexOf(':');
    long mkiValue = Long.parseLong(mki.substring(0, colon));
    int mkiLength = Integer.parseInt(mki.substring(colon + 1));
    if (mkiLength < 1 || mkiLength > 128) {
      return "MKI length must be 1..128 octets";
    }
    if (mkiLength < 8 && mkiValue >>> (8 * mkiLength) != 0) {
      return "MKI value does not fit its length";
    }
    keys.add(SdesKey.of(key, mkiValue, mkiLength));
    return null;
  }

  /** lifetime = ["2^"] 1*DIGIT (RFC 4568 §6.1); the packet count, or -1 if bad or above 2^48. */
  static long lifetime(String text) {
    if (text.startsWith("2^")) {
      String exponent = text.substring(2);
      if (!exponent.matches("[0-9]{1,2}")) {
        return -1;
      }
      int n = Integer.parseInt(exponent);
      return n <= 48 ? 1L << n : -1;
    }
    if (!text.matches("[0-9]{1,15}")) {
      return -1;
    }
    long packets = Long.parseLong(text);
    return packets <= MAX_LIFETIME ? packets : -1;
  }

  /**
   * Checks the syntax of the session parameters RFC 4568 §6.3 defines; others are extensions (§9.2
   * srtp-session-extension) and kept as written.
   */
  private static String sessionParam(String p) {
    String upper = p.toUpperCase(Locale.ROOT);
    if (upper.startsWith("KDR=")) {
      // §6.3.1: KDR=n with n in 1..24 for a rate of 2^n.
      String n = p.substring(4);
      return n.matches("[0-9]{1,2}") && Integer.parseInt(n) >= 1 && Integer.parseInt(n) <= 24
          ? null
          : "KDR must be 1..24";
    }
    if (upper.startsWith("WSH=")) {
      // §6.3.6: the window size hint is at least 64.
      String n = p.substring(4);
      return n.matches("[0-9]{2,9}") && Integer.parseInt(n) >= 64
          ? null
          : "WSH must be at least 64";
    }
    if (upper.startsWith("FEC_ORDER=")) {
      String order = upper.substring("FEC_ORDER=".length());
      return order.equals("FEC_SRTP") || order.equals("SRTP_FEC")
          ? null
          : "FEC_ORDER must be FEC_SRTP or SRTP_FEC";
    }
    if (upper.startsWith("FEC_KEY=")) {
      return p.length() > "FEC_KEY=".length() ? null : "FEC_KEY needs key-params";
    }
    return null;
  }
}
