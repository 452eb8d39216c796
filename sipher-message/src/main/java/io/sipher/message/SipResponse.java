package io.sipher.message;

import io.sipher.message.header.Address;
import io.sipher.message.header.HeaderName;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A SIP response: {@code SIP-Version SP Status-Code SP Reason-Phrase} (RFC 3261 §7.2). */
public final class SipResponse extends SipMessage {
  private final String version;
  private final int statusCode;
  private final String reasonPhrase;

  SipResponse(
      byte[] wire,
      byte[] startLineBuf,
      int startLineOff,
      int startLineLen,
      Headers headers,
      byte[] bodyBuf,
      int bodyOff,
      int bodyLen,
      boolean lenientLineEnds,
      String version,
      int statusCode,
      String reasonPhrase) {
    super(
        wire,
        startLineBuf,
        startLineOff,
        startLineLen,
        headers,
        bodyBuf,
        bodyOff,
        bodyLen,
        lenientLineEnds);
    this.version = version;
    this.statusCode = statusCode;
    this.reasonPhrase = reasonPhrase;
  }

  /** A builder for a new response with no headers and no body. */
  public static Editor create(int statusCode, String reasonPhrase) {
    return new Editor(statusCode, reasonPhrase, new HeaderTable(), null);
  }

  /**
   * A builder for a response to {@code request}: it copies the Via, From, To, Call-ID and CSeq
   * fields byte for byte (RFC 3261 §8.2.6.2). Adding a To tag is the caller's decision.
   *
   * @param reasonPhrase the reason, or null for the standard phrase of the code
   */
  public static Editor forRequest(SipRequest request, int statusCode, String reasonPhrase) {
    HeaderTable copied = new HeaderTable();
    for (HeaderField f : request.headers()) {
      HeaderName n = f.name();
      if (n == HeaderName.VIA
          || n == HeaderName.FROM
          || n == HeaderName.TO
          || n == HeaderName.CALL_ID
          || n == HeaderName.CSEQ) {
        copied.add(f);
      }
    }
    return new Editor(statusCode, reasonPhrase, copied, null);
  }

  @Override
  public boolean isRequest() {
    return false;
  }

  public int statusCode() {
    return statusCode;
  }

  public String reasonPhrase() {
    return reasonPhrase;
  }

  /** 1xx. */
  public boolean isProvisional() {
    return statusCode < 200;
  }

  /** 2xx. */
  public boolean isSuccess() {
    return statusCode >= 200 && statusCode < 300;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String startLine() {
    return version + ' ' + statusCode + ' ' + reasonPhrase;
  }

  public Editor edit() {
    Editor e = new Editor(statusCode, reasonPhrase, editableHeaders(), this);
    e.bodyBuf = bodyBuf();
    e.bodyOff = bodyOff();
    e.bodyLen = bodyLength();
    return e;
  }

  /** Builds a changed or new response. */
  public static final class Editor extends SipMessage.Editor<SipResponse, Editor> {
    private static final SecureRandom TAGS = new SecureRandom();
    private final SipResponse original;
    private int statusCode;
    private String reasonPhrase;
    private boolean statusChanged;

    Editor(int statusCode, String reasonPhrase, HeaderTable fields, SipResponse original) {
      super(fields, new byte[0], 0, 0);
      if (statusCode < 100 || statusCode > 699) {
        throw new IllegalArgumentException("status code out of range: " + statusCode);
      }
      this.statusCode = statusCode;
      this.reasonPhrase = reasonPhrase == null ? ReasonPhrases.of(statusCode) : reasonPhrase;
      this.original = original;
      checkReason(this.reasonPhrase);
    }

    public Editor status(int statusCode, String reasonPhrase) {
      if (statusCode < 100 || statusCode > 699) {
        throw new IllegalArgumentException("status code out of range: " + statusCode);
      }
      this.statusCode = statusCode;
      this.reasonPhrase = reasonPhrase == null ? ReasonPhrases.of(statusCode) : reasonPhrase;
      checkReason(this.reasonPhrase);
      this.statusChanged = true;
      return this;
    }

    /**
     * Adds a random To tag when the To field has none (RFC 3261 §8.2.6.2: a UAS's final and non-100
     * provisional responses carry one; §19.3: at least 32 random bits). A 100 Trying, or a To that
     * does not parse, is left as it is.
     */
    public Editor toTagIfMissing() {
      int at = indexOf(HeaderName.TO);
      if (statusCode == 100 || at < 0) {
        return this;
      }
      try {
        Address to = Address.parse(fields.field(at).value());
        if (to.tag() == null) {
          byte[] tag = new byte[8];
          TAGS.nextBytes(tag);
          set(HeaderName.TO, to.withTag(HexFormat.of().formatHex(tag)).toString());
        }
      } catch (RuntimeException unparseable) {
        // copied as it came; the client matches the response by Via and CSeq anyway
      }
      return this;
    }

    private static void checkReason(String reason) {
      for (int i = 0; i < reason.length(); i++) {
        char c = reason.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          throw new IllegalArgumentException("reason phrase contains CR, LF or NUL");
        }
      }
    }

    @Override
    Editor self() {
      return this;
    }

    @Override
    SipResponse create(Headers headers) {
      boolean keep = original != null && !statusChanged && !original.lenientLineEnds();
      return new SipResponse(
          null,
          keep ? original.startLineBuf() : null,
          keep ? original.startLineOff() : 0,
          keep ? original.startLineLen() : 0,
          headers,
          bodyBuf,
          bodyOff,
          bodyLen,
          false,
          original != null ? original.version() : SipRequest.SIP_2_0,
          statusCode,
          reasonPhrase);
    }
  }
}
