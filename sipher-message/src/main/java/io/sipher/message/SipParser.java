package io.sipher.message;

import io.sipher.message.header.Methods;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses SIP messages from bytes. {@link #parseDatagram} handles one UDP datagram; {@link
 * StreamFramer} cuts a TCP, TLS or WebSocket byte stream into messages and uses the same machinery.
 *
 * <p>The parser splits the start line and the header fields and checks the framing; it does not
 * interpret header values, which are parsed lazily by the typed views, nor decide whether a request
 * is acceptable, which is {@link io.sipher.message.validate.MessageValidator}'s job. It never
 * throws for bad input: the result says what is wrong. Instances are immutable and thread-safe.
 */
public final class SipParser {
  private final ParserLimits limits;

  public SipParser(ParserLimits limits) {
    this.limits = limits;
  }

  public SipParser() {
    this(ParserLimits.DEFAULTS);
  }

  public ParserLimits limits() {
    return limits;
  }

  public ParseResult parseDatagram(byte[] datagram) {
    return parseDatagram(datagram, 0, datagram.length);
  }

  /**
   * Parses one datagram (RFC 3261 §18.3 for UDP): the body is Content-Length bytes and anything
   * after it is discarded; without Content-Length the body runs to the end of the datagram. A
   * datagram shorter than its Content-Length is an error, with one tolerance: when the sender used
   * bare LF line ends its text has been through a line-end conversion that changed the body's
   * length, so the datagram's end is trusted instead (the RFC 5118 messages are such); a message
   * that mixes CRLF and bare LF gets no such benefit of the doubt. A datagram of only CR and LF is
   * a keep-alive.
   */
  public ParseResult parseDatagram(byte[] buf, int off, int len) {
    int end = off + len;
    int start = off;
    while (start < end && (buf[start] == '\r' || buf[start] == '\n')) {
      start++;
    }
    if (start == end) {
      return ParseResult.KeepAlive.PING;
    }
    boolean response = end - start >= 4 && WireScanner.startsWithSipSlash(buf, start);
    if (end - start > limits.maxMessageBytes()) {
      return malformed(513, "Message too large", response, Headers.EMPTY, false);
    }
    WireScanner.Head head = WireScanner.scan(buf, start, end, limits);
    if (head.error != null) {
      return malformedHead(buf, start, head, false);
    }
    int available = end - start - head.headerEnd;
    long declared = WireScanner.contentLength(buf, start, head);
    int bodyLen;
    if (declared == WireScanner.CL_ABSENT) {
      bodyLen = available;
    } else if (declared < 0) {
      return malformedHead(buf, start, head.fail(400, clProblem(declared)), false);
    } else if (declared > limits.maxBodyBytes()) {
      return malformedHead(buf, start, head.fail(513, "Body too large"), false);
    } else if (declared > available) {
      if (!head.bareLf || head.crlf) {
        return malformedHead(
            buf, start, head.fail(400, "Content-Length larger than the datagram"), false);
      }
      bodyLen = available;
    } else {
      bodyLen = (int) declared;
    }
    return assemble(buf, start, head, bodyLen);
  }

  static String clProblem(long code) {
    return code == WireScanner.CL_CONFLICT
        ? "Conflicting Content-Length values"
        : "Malformed Content-Length";
  }

  ParseResult malformedHead(byte[] a, int start, WireScanner.Head head, boolean fatal) {
    byte[] copy = Arrays.copyOfRange(a, start, start + head.headerEnd);
    return malformed(head.errorStatus, head.error, head.response, head.headers(copy), fatal);
  }

  static ParseResult malformed(
      int status, String reason, boolean response, Headers headers, boolean fatal) {
    return new ParseResult.Malformed(new ParseError(status, reason, response, headers, fatal));
  }

  /**
   * Builds the message that occupies {@code a[start, start + head.headerEnd + bodyLen)} once its
   * framing is known: copies those bytes and reads the start line.
   */
  ParseResult assemble(byte[] a, int start, WireScanner.Head head, int bodyLen) {
    int total = head.headerEnd + bodyLen;
    byte[] wire = Arrays.copyOfRange(a, start, start + total);
    Headers headers = head.headers(wire);
    int lineEnd = head.startLineEnd;
    // A datagram may end inside its start line; an edited copy then writes a new one.
    byte[] rawStartLine = lineEnd > 0 && wire[lineEnd - 1] == '\n' ? wire : null;
    while (lineEnd > 0 && (wire[lineEnd - 1] == '\n' || wire[lineEnd - 1] == '\r')) {
      lineEnd--;
    }
    return head.response
        ? statusLine(wire, rawStartLine, lineEnd, head, headers, bodyLen)
        : requestLine(wire, rawStartLine, lineEnd, head, headers, bodyLen);
  }

  /** Request-Line = Method SP Request-URI SP SIP-Version (RFC 3261 §7.1): single spaces only. */
  private ParseResult requestLine(
      byte[] w,
      byte[] rawStartLine,
      int lineEnd,
      WireScanner.Head head,
      Headers headers,
      int bodyLen) {
    int sp1 = indexOf(w, (byte) ' ', 0, lineEnd);
    if (sp1 <= 0) {
      return badRequestLine("Malformed Request-Line", headers);
    }
    for (int i = 0; i < sp1; i++) {
      if (!io.sipher.message.syntax.Chars.isToken(w[i])) {
        return badRequestLine("Malformed Request-Line: method is not a token", headers);
      }
    }
    int sp2 = indexOf(w, (byte) ' ', sp1 + 1, lineEnd);
    if (sp2 < 0) {
      return badRequestLine("Malformed Request-Line: no SIP-Version", headers);
    }
    if (sp2 == sp1 + 1) {
      return badRequestLine("Malformed Request-Line: extra whitespace between elements", headers);
    }
    if (indexOf(w, (byte) ' ', sp2 + 1, lineEnd) >= 0) {
      int trimmed = lineEnd;
      while (trimmed > sp2 + 1 && w[trimmed - 1] == ' ') {
        trimmed--;
      }
      boolean trailing = indexOf(w, (byte) ' ', sp2 + 1, trimmed) < 0;
      return badRequestLine(
          trailing
              ? "Malformed Request-Line: whitespace after SIP-Version"
              : "Malformed Request-Line: whitespace inside Request-URI",
          headers);
    }
    for (int i = sp1 + 1; i < sp2; i++) {
      if (w[i] < 0x21 && w[i] >= 0 || w[i] == 0x7f) {
        return badRequestLine("Malformed Request-Line: control character in Request-URI", headers);
      }
    }
    if (!isVersion(w, sp2 + 1, lineEnd)) {
      return badRequestLine("Malformed Request-Line: bad SIP-Version", headers);
    }
    String method = Methods.of(w, 0, sp1);
    String uri = new String(w, sp1 + 1, sp2 - sp1 - 1, StandardCharsets.UTF_8);
    String version = version(w, sp2 + 1, lineEnd);
    return new ParseResult.Parsed(
        new SipRequest(
            w,
            rawStartLine,
            0,
            head.startLineEnd,
            headers,
            w,
            head.headerEnd,
            bodyLen,
            head.bareLf,
            method,
            uri,
            null,
            version));
  }

  /** Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2). */
  private ParseResult statusLine(
      byte[] w,
      byte[] rawStartLine,
      int lineEnd,
      WireScanner.Head head,
      Headers headers,
      int bodyLen) {
    int sp = indexOf(w, (byte) ' ', 0, lineEnd);
    if (sp < 0 || !isVersion(w, 0, sp)) {
      return malformed(400, "Malformed Status-Line: bad SIP-Version", true, headers, false);
    }
    int codeEnd = sp + 1;
    while (codeEnd < lineEnd && w[codeEnd] >= '0' && w[codeEnd] <= '9') {
      codeEnd++;
    }
    if (codeEnd - sp - 1 != 3 || (codeEnd < lineEnd && w[codeEnd] != ' ')) {
      return malformed(
          400, "Malformed Status-Line: status code must be three digits", true, headers, false);
    }
    int code = (w[sp + 1] - '0') * 100 + (w[sp + 2] - '0') * 10 + (w[sp + 3] - '0');
    if (code < 100 || code > 699) {
      return malformed(
          400, "Malformed Status-Line: status code out of range", true, headers, false);
    }
    for (int i = codeEnd; i < lineEnd; i++) {
      if ((w[i] >= 0 && w[i] < 0x20 && w[i] != '\t') || w[i] == 0x7f) {
        return malformed(
            400, "Malformed Status-Line: control character in Reason-Phrase", true, headers, false);
      }
    }
    // The reason phrase is optional in practice ("SIP/2.0 100 " and even "SIP/2.0 100").
    String reason =
        codeEnd < lineEnd
            ? new String(w, codeEnd + 1, lineEnd - codeEnd - 1, StandardCharsets.UTF_8)
            : "";
    return new ParseResult.Parsed(
        new SipResponse(
            w,
            rawStartLine,
            0,
            head.startLineEnd,
            headers,
            w,
            head.headerEnd,
            bodyLen,
            head.bareLf,
            version(w, 0, sp),
            code,
            reason));
  }

  private static ParseResult badRequestLine(String reason, Headers headers) {
    return malformed(400, reason, false, headers, false);
  }

  /** SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT, "SIP" without case. */
  private static boolean isVersion(byte[] w, int from, int to) {
    if (to - from < 7 || !WireScanner.startsWithSipSlash(w, from)) {
      return false;
    }
    int i = from + 4;
    int digits = 0;
    while (i < to && w[i] >= '0' && w[i] <= '9') {
      i++;
      digits++;
    }
    if (digits == 0 || i >= to || w[i] != '.') {
      return false;
    }
    i++;
    digits = 0;
    while (i < to && w[i] >= '0' && w[i] <= '9') {
      i++;
      digits++;
    }
    return digits > 0 && i == to;
  }

  private static String version(byte[] w, int from, int to) {
    if (to - from == 7
        && w[from] == 'S'
        && w[from + 1] == 'I'
        && w[from + 2] == 'P'
        && w[from + 4] == '2'
        && w[from + 5] == '.'
        && w[from + 6] == '0') {
      return SipRequest.SIP_2_0;
    }
    return new String(w, from, to - from, StandardCharsets.US_ASCII);
  }

  private static int indexOf(byte[] a, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
