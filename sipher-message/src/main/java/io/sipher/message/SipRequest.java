package io.sipher.message;

import io.sipher.message.header.Methods;
import io.sipher.message.uri.Uri;

/** A SIP request: {@code Method SP Request-URI SP SIP-Version} (RFC 3261 §7.1). */
public final class SipRequest extends SipMessage {
  public static final String SIP_2_0 = "SIP/2.0";

  private final String method;
  private final String requestUriText;
  private final String version;
  private Uri requestUri;

  SipRequest(
      byte[] wire,
      byte[] startLineBuf,
      int startLineOff,
      int startLineLen,
      Headers headers,
      byte[] bodyBuf,
      int bodyOff,
      int bodyLen,
      boolean lenientLineEnds,
      String method,
      String requestUriText,
      Uri requestUri,
      String version) {
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
    this.method = method;
    this.requestUriText = requestUriText;
    this.requestUri = requestUri;
    this.version = version;
  }

  /** A builder for a new request with no headers and no body. */
  public static Editor create(String method, Uri requestUri) {
    return new Editor(method, requestUri, new HeaderTable(), new byte[0], 0, 0, null);
  }

  @Override
  public boolean isRequest() {
    return true;
  }

  /**
   * The method, case-sensitive (RFC 3261 §7.1); well-known methods are {@link Methods} constants.
   */
  public String method() {
    return method;
  }

  public boolean isMethod(String m) {
    return method.equals(m);
  }

  /** The Request-URI as written. */
  public String requestUriText() {
    return requestUriText;
  }

  /**
   * The Request-URI, parsed on first access.
   *
   * @throws io.sipher.message.syntax.SipParseException when it is malformed
   */
  public Uri requestUri() {
    Uri u = requestUri;
    if (u == null) {
      requestUri = u = Uri.parse(requestUriText);
    }
    return u;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String startLine() {
    return method + ' ' + requestUriText + ' ' + version;
  }

  /** An editor that starts from this request's start line, fields and body. */
  public Editor edit() {
    return new Editor(
        method, requestUri, editableHeaders(), bodyBuf(), bodyOff(), bodyLength(), this);
  }

  /** Builds a changed or new request. */
  public static final class Editor extends SipMessage.Editor<SipRequest, Editor> {
    private final String method;
    private final SipRequest original;
    private Uri requestUri;
    private boolean uriChanged;

    Editor(
        String method,
        Uri requestUri,
        HeaderTable fields,
        byte[] body,
        int bodyOff,
        int bodyLen,
        SipRequest original) {
      super(fields, body, bodyOff, bodyLen);
      if (!io.sipher.message.syntax.Chars.isToken(method)) {
        throw new IllegalArgumentException("method is not a token: " + method);
      }
      this.method = method;
      this.requestUri = requestUri;
      this.original = original;
    }

    /** Replaces the Request-URI (a proxy retargeting, RFC 3261 §16.5). */
    public Editor requestUri(Uri uri) {
      this.requestUri = uri;
      this.uriChanged = true;
      return this;
    }

    @Override
    Editor self() {
      return this;
    }

    @Override
    SipRequest create(Headers headers) {
      boolean fresh = original == null || uriChanged;
      boolean keepStartLine = !fresh && !original.lenientLineEnds();
      String uriText = fresh ? requestUri.toString() : original.requestUriText();
      for (int i = 0; i < uriText.length(); i++) {
        char c = uriText.charAt(i);
        if (c <= ' ' || c == 0x7f) {
          throw new IllegalArgumentException("Request-URI holds whitespace or a control character");
        }
      }
      return new SipRequest(
          null,
          keepStartLine ? original.startLineBuf() : null,
          keepStartLine ? original.startLineOff() : 0,
          keepStartLine ? original.startLineLen() : 0,
          headers,
          bodyBuf,
          bodyOff,
          bodyLen,
          false,
          method,
          uriText,
          fresh ? requestUri : null,
          original != null ? original.version() : SIP_2_0);
    }
  }
}
