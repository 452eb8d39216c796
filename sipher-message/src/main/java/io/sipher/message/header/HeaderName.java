package io.sipher.message.header;

import io.sipher.message.syntax.Chars;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A header field name. Names compare without case (RFC 3261 §7.3.1) and compact forms resolve to
 * their full names (RFC 3261 §7.3.3, RFC 3265, RFC 3515, RFC 3841, RFC 4028, RFC 4474): {@code
 * HeaderName.of("v") == HeaderName.VIA}. Well-known names are singletons, so the parser maps wire
 * bytes to a constant without allocating.
 *
 * <p>{@link #isList()} tells whether the header's grammar is a comma-separated list ({@code
 * header-value *(COMMA header-value)}), which is what allows several values to be combined in one
 * field or split across several (RFC 3261 §7.3.1). Unknown headers are never split.
 */
public final class HeaderName {
  private static final List<HeaderName> KNOWN = new ArrayList<>(80);
  private static final HeaderName[] COMPACT = new HeaderName[128];
  private static final int TABLE_SIZE = 512;
  private static final HeaderName[] TABLE = new HeaderName[TABLE_SIZE];

  public static final HeaderName ACCEPT = list("Accept");
  public static final HeaderName ACCEPT_CONTACT = list("Accept-Contact", 'a');
  public static final HeaderName ACCEPT_ENCODING = list("Accept-Encoding");
  public static final HeaderName ACCEPT_LANGUAGE = list("Accept-Language");
  public static final HeaderName ALERT_INFO = list("Alert-Info");
  public static final HeaderName ALLOW = list("Allow");
  public static final HeaderName ALLOW_EVENTS = list("Allow-Events", 'u');
  public static final HeaderName AUTHENTICATION_INFO = single("Authentication-Info");
  public static final HeaderName AUTHORIZATION = single("Authorization");
  public static final HeaderName CALL_ID = single("Call-ID", 'i');
  public static final HeaderName CALL_INFO = list("Call-Info");
  public static final HeaderName CONTACT = list("Contact", 'm');
  public static final HeaderName CONTENT_DISPOSITION = single("Content-Disposition");
  public static final HeaderName CONTENT_ENCODING = list("Content-Encoding", 'e');
  public static final HeaderName CONTENT_LANGUAGE = list("Content-Language");
  public static final HeaderName CONTENT_LENGTH = single("Content-Length", 'l');
  public static final HeaderName CONTENT_TYPE = single("Content-Type", 'c');
  public static final HeaderName CSEQ = single("CSeq");
  public static final HeaderName DATE = single("Date");
  public static final HeaderName ERROR_INFO = list("Error-Info");
  public static final HeaderName EVENT = single("Event", 'o');
  public static final HeaderName EXPIRES = single("Expires");
  public static final HeaderName FLOW_TIMER = single("Flow-Timer");
  public static final HeaderName FROM = single("From", 'f');
  public static final HeaderName IDENTITY = single("Identity", 'y');
  public static final HeaderName IDENTITY_INFO = single("Identity-Info", 'n');
  public static final HeaderName IN_REPLY_TO = list("In-Reply-To");
  public static final HeaderName MAX_FORWARDS = single("Max-Forwards");
  public static final HeaderName MIME_VERSION = single("MIME-Version");
  public static final HeaderName MIN_EXPIRES = single("Min-Expires");
  public static final HeaderName MIN_SE = single("Min-SE");
  public static final HeaderName ORGANIZATION = single("Organization");
  public static final HeaderName P_ASSERTED_IDENTITY = list("P-Asserted-Identity");
  public static final HeaderName P_PREFERRED_IDENTITY = list("P-Preferred-Identity");
  public static final HeaderName PATH = list("Path");
  public static final HeaderName PRIORITY = single("Priority");
  public static final HeaderName PRIVACY = single("Privacy");
  public static final HeaderName PROXY_AUTHENTICATE = single("Proxy-Authenticate");
  public static final HeaderName PROXY_AUTHORIZATION = single("Proxy-Authorization");
  public static final HeaderName PROXY_REQUIRE = list("Proxy-Require");
  public static final HeaderName RACK = single("RAck");
  public static final HeaderName REASON = list("Reason");
  public static final HeaderName RECORD_ROUTE = list("Record-Route");
  public static final HeaderName REFER_TO = single("Refer-To", 'r');
  public static final HeaderName REFERRED_BY = single("Referred-By", 'b');
  public static final HeaderName REJECT_CONTACT = list("Reject-Contact", 'j');
  public static final HeaderName REPLACES = single("Replaces");
  public static final HeaderName REPLY_TO = single("Reply-To");
  public static final HeaderName REQUEST_DISPOSITION = list("Request-Disposition", 'd');
  public static final HeaderName REQUIRE = list("Require");
  public static final HeaderName RETRY_AFTER = single("Retry-After");
  public static final HeaderName ROUTE = list("Route");
  public static final HeaderName RSEQ = single("RSeq");
  public static final HeaderName SECURITY_CLIENT = list("Security-Client");
  public static final HeaderName SECURITY_SERVER = list("Security-Server");
  public static final HeaderName SECURITY_VERIFY = list("Security-Verify");
  public static final HeaderName SERVER = single("Server");
  public static final HeaderName SERVICE_ROUTE = list("Service-Route");
  public static final HeaderName SESSION_EXPIRES = single("Session-Expires", 'x');
  public static final HeaderName SIP_ETAG = single("SIP-ETag");
  public static final HeaderName SIP_IF_MATCH = single("SIP-If-Match");
  public static final HeaderName SUBJECT = single("Subject", 's');
  public static final HeaderName SUBSCRIPTION_STATE = single("Subscription-State");
  public static final HeaderName SUPPORTED = list("Supported", 'k');
  public static final HeaderName TIMESTAMP = single("Timestamp");
  public static final HeaderName TO = single("To", 't');
  public static final HeaderName UNSUPPORTED = list("Unsupported");
  public static final HeaderName USER_AGENT = single("User-Agent");
  public static final HeaderName VIA = list("Via", 'v');
  public static final HeaderName WARNING = list("Warning");
  public static final HeaderName WWW_AUTHENTICATE = single("WWW-Authenticate");

  private final String name;
  private final byte[] wire;
  private final byte[] lower;
  private final char compact;
  private final boolean list;
  private final boolean known;

  private HeaderName(String name, char compact, boolean list, boolean known) {
    this.name = name;
    this.wire = name.getBytes(StandardCharsets.US_ASCII);
    this.lower = name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    this.compact = compact;
    this.list = list;
    this.known = known;
  }

  private static HeaderName single(String name) {
    return register(new HeaderName(name, '\0', false, true));
  }

  private static HeaderName single(String name, char compact) {
    return register(new HeaderName(name, compact, false, true));
  }

  private static HeaderName list(String name) {
    return register(new HeaderName(name, '\0', true, true));
  }

  private static HeaderName list(String name, char compact) {
    return register(new HeaderName(name, compact, true, true));
  }

  private static HeaderName register(HeaderName h) {
    KNOWN.add(h);
    int slot = slot(hash(h.lower, 0, h.lower.length));
    while (TABLE[slot] != null) {
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    TABLE[slot] = h;
    if (h.compact != '\0') {
      COMPACT[h.compact] = h;
    }
    return h;
  }

  /** Every well-known header name, in alphabetical order. */
  public static List<HeaderName> known() {
    return Collections.unmodifiableList(KNOWN);
  }

  /** The name for {@code text}: a well-known constant (full or compact form) or a new name. */
  public static HeaderName of(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    HeaderName h = lookup(b, 0, b.length, hash(b, 0, b.length));
    if (h != null) {
      return h;
    }
    if (!Chars.isToken(text)) {
      throw new IllegalArgumentException("header name is not a token: " + text);
    }
    return new HeaderName(text, '\0', false, false);
  }

  /**
   * The name for the header-name bytes {@code b[off, off+len)}, which the caller has checked to be
   * token characters.
   */
  public static HeaderName of(byte[] b, int off, int len) {
    return of(b, off, len, hash(b, off, len));
  }

  /** As {@link #of(byte[], int, int)}, with the {@link #hashStep} hash already computed. */
  public static HeaderName of(byte[] b, int off, int len, int hash) {
    HeaderName h = lookup(b, off, len, hash);
    return h != null
        ? h
        : new HeaderName(new String(b, off, len, StandardCharsets.ISO_8859_1), '\0', false, false);
  }

  private static HeaderName lookup(byte[] b, int off, int len, int hash) {
    if (len == 1) {
      int c = b[off] | 0x20;
      return c < 128 ? COMPACT[c] : null;
    }
    int slot = slot(hash);
    HeaderName h;
    while ((h = TABLE[slot]) != null) {
      if (h.matches(b, off, len)) {
        return h;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
    return null;
  }

  /** One step of the case-insensitive name hash, for scanners that read the name byte by byte. */
  public static int hashStep(int hash, byte b) {
    return 31 * hash + lowerAscii(b);
  }

  private static int hash(byte[] b, int off, int len) {
    int h = 0;
    for (int i = off; i < off + len; i++) {
      h = hashStep(h, b[i]);
    }
    return h;
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 9)) & (TABLE_SIZE - 1);
  }

  /**
   * Folds ASCII letters to lower case with one OR. Other token characters keep their value, except
   * '_' which becomes DEL; no well-known name contains either, so matching stays exact.
   */
  private static int lowerAscii(byte b) {
    return b | 0x20;
  }

  private boolean matches(byte[] b, int off, int len) {
    if (len != lower.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if ((b[off + i] | 0x20) != lower[i]) {
        return false;
      }
    }
    return true;
  }

  /** The full name in its conventional spelling ({@code Call-ID}); as written for unknown ones. */
  public String value() {
    return name;
  }

  /** The name as bytes to write; callers must not change the array. */
  public byte[] wireBytes() {
    return wire;
  }

  /** The compact form, or {@code '\0'} when the header has none. */
  public char compactForm() {
    return compact;
  }

  /** Whether values of this header form a comma-separated list that may be split. */
  public boolean isList() {
    return list;
  }

  /** Whether this is one of the names sipher knows. */
  public boolean isKnown() {
    return known;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    // Known names are singletons; an unknown name equals another with the same letters.
    return o instanceof HeaderName other
        && !known
        && !other.known
        && java.util.Arrays.equals(lower, other.lower);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(lower);
  }

  @Override
  public String toString() {
    return name;
  }
}
