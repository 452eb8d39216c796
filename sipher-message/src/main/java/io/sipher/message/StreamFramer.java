package io.sipher.message;

/**
 * Cuts a byte stream (TCP, TLS, or the payload of WebSocket frames) into SIP messages. One framer
 * serves one connection and is not thread-safe; feed it bytes as they arrive, in any fragments.
 *
 * <p>Framing follows RFC 3261 §18.3: the header section ends at the empty line, and the body is
 * exactly Content-Length bytes, so a message without Content-Length cannot be framed and is
 * refused. At a message boundary, CRLFs are keep-alives (RFC 5626 §3.5.1): a double CRLF is
 * reported as {@link ParseResult.KeepAlive#PING}, a single one as {@link
 * ParseResult.KeepAlive#PONG}. A ping split across two reads is reported as a pong and then a ping;
 * since servers act on pings and clients on pongs, each side still sees what it needs, at once.
 *
 * <p>Errors in a message whose framing is intact (a bad start line, say) are reported and the
 * stream goes on. Errors that lose the framing (no or bad Content-Length, a header section or
 * message over the limits, an unparseable header line) are reported as {@linkplain
 * ParseError#fatal() fatal}; the framer then ignores all further input and the connection should be
 * closed, after sending the error response where {@link ParseError#canRespond()}.
 *
 * <p>Memory: bytes are copied into the framer only while a message is incomplete, and its buffer is
 * released when it empties, so an idle connection holds none.
 */
public final class StreamFramer {

  /** Receives what the framer finds, in stream order. */
  @FunctionalInterface
  public interface Sink {
    void accept(ParseResult result);
  }

  private static final int MIN_BUFFER = 1024;

  private final SipParser parser;
  private final ParserLimits limits;
  private byte[] buf;
  private int rpos;
  private int wpos;
  private boolean closed;

  /** A lone CRLF ended the previous input: a CRLF starting the next one completes a ping. */
  private boolean halfPing;

  /** Where to resume looking for the empty line, relative to the message start. */
  private int searchFrom;

  /** The scanned head of the message being waited for, or null at a message boundary. */
  private WireScanner.Head head;

  private int bodyLen;

  public StreamFramer(ParserLimits limits) {
    this.parser = new SipParser(limits);
    this.limits = limits;
  }

  public StreamFramer() {
    this(ParserLimits.DEFAULTS);
  }

  /** Whether a fatal error has ended this stream. */
  public boolean isClosed() {
    return closed;
  }

  /** How many bytes are held waiting for the rest of a message. */
  public int buffered() {
    return wpos - rpos;
  }

  /** Feeds the next bytes of the stream; results go to {@code sink} before this returns. */
  public void feed(byte[] src, int off, int len, Sink sink) {
    if (closed || len == 0) {
      return;
    }
    if (wpos == rpos) {
      int consumed = process(src, off, off + len, sink);
      if (!closed && consumed < off + len) {
        keep(src, consumed, off + len);
      }
      return;
    }
    append(src, off, len);
    rpos = process(buf, rpos, wpos, sink);
    if (closed || rpos == wpos) {
      release();
    }
  }

  public void feed(byte[] src, Sink sink) {
    feed(src, 0, src.length, sink);
  }

  private void keep(byte[] src, int from, int to) {
    int n = to - from;
    buf = new byte[Math.max(MIN_BUFFER, n * 2)];
    System.arraycopy(src, from, buf, 0, n);
    rpos = 0;
    wpos = n;
  }

  private void append(byte[] src, int off, int len) {
    int pending = wpos - rpos;
    if (wpos + len > buf.length) {
      if (pending + len <= buf.length && rpos > 0) {
        System.arraycopy(buf, rpos, buf, 0, pending);
      } else {
        byte[] grown = new byte[Math.max(buf.length * 2, pending + len)];
        System.arraycopy(buf, rpos, grown, 0, pending);
        buf = grown;
      }
      rpos = 0;
      wpos = pending;
    }
    System.arraycopy(src, off, buf, wpos, len);
    wpos += len;
  }

  private void release() {
    buf = null;
    rpos = 0;
    wpos = 0;
  }

  /** Processes {@code a[p, end)}; returns the offset of the first byte not yet consumed. */
  private int process(byte[] a, int p, int end, Sink sink) {
    while (p < end && !closed) {
      if (head == null) {
        int skipped = keepAlive(a, p, end, sink);
        if (skipped < 0) {
          return p; // a partial CRLF sequence: wait for more
        }
        if (skipped > 0) {
          p += skipped;
          continue;
        }
        halfPing = false;
        int eoh = endOfHeaders(a, p + searchFrom, end);
        if (eoh < 0) {
          if (end - p > limits.maxHeaderBytes()) {
            fatal(sink, 513, "Header section too large", WireScanner.startsWithSipSlash(a, p));
            return end;
          }
          searchFrom = Math.max(0, end - p - 3);
          return p;
        }
        searchFrom = 0;
        WireScanner.Head h = WireScanner.scan(a, p, eoh, limits);
        if (h.error != null) {
          emitFatal(a, p, h, sink);
          return end;
        }
        long cl = WireScanner.contentLength(a, p, h);
        if (cl == WireScanner.CL_ABSENT) {
          h.fail(400, "Missing Content-Length (required on stream transports)");
        } else if (cl < 0) {
          h.fail(400, SipParser.clProblem(cl));
        } else if (cl > limits.maxBodyBytes() || h.headerEnd + cl > limits.maxMessageBytes()) {
          h.fail(513, "Message too large");
        }
        if (h.error != null) {
          emitFatal(a, p, h, sink);
          return end;
        }
        head = h;
        bodyLen = (int) cl;
      }
      int total = head.headerEnd + bodyLen;
      if (end - p < total) {
        return p;
      }
      ParseResult r = parser.assemble(a, p, head, bodyLen);
      head = null;
      p += total;
      sink.accept(r);
    }
    return closed ? end : p;
  }

  /**
   * At a message boundary: consumes keep-alive CRLFs. Returns how many bytes were consumed, 0 when
   * a message starts here, or -1 when the bytes so far are an incomplete CRLF sequence.
   */
  private int keepAlive(byte[] a, int p, int end, Sink sink) {
    byte b = a[p];
    if (b == '\n') {
      return 1; // a stray LF before a start line is ignored (RFC 3261 §7.5)
    }
    if (b != '\r') {
      return 0;
    }
    if (p + 1 >= end) {
      return -1;
    }
    if (a[p + 1] != '\n') {
      return 0; // not a CRLF: let the start line parser say what is wrong
    }
    if (halfPing) {
      halfPing = false;
      sink.accept(ParseResult.KeepAlive.PING);
      return 2;
    }
    if (p + 2 >= end) {
      halfPing = true;
      sink.accept(ParseResult.KeepAlive.PONG);
      return 2;
    }
    if (a[p + 2] != '\r') {
      sink.accept(ParseResult.KeepAlive.PONG);
      return 2;
    }
    if (p + 3 >= end) {
      return -1;
    }
    if (a[p + 3] == '\n') {
      sink.accept(ParseResult.KeepAlive.PING);
      return 4;
    }
    sink.accept(ParseResult.KeepAlive.PONG);
    return 2;
  }

  /** The offset just past the empty line that ends the header section, or -1. */
  private static int endOfHeaders(byte[] a, int from, int end) {
    for (int i = from; i < end; i++) {
      if (a[i] == '\n') {
        if (i + 1 < end && a[i + 1] == '\n') {
          return i + 2;
        }
        if (i + 2 < end && a[i + 1] == '\r' && a[i + 2] == '\n') {
          return i + 3;
        }
      }
    }
    return -1;
  }

  private void emitFatal(byte[] a, int p, WireScanner.Head h, Sink sink) {
    ParseResult r = parser.malformedHead(a, p, h, true);
    close();
    sink.accept(r);
  }

  private void fatal(Sink sink, int status, String reason, boolean response) {
    close();
    sink.accept(SipParser.malformed(status, reason, response, Headers.EMPTY, true));
  }

  private void close() {
    closed = true;
    head = null;
    release();
  }

  /** Drops any partial message; used when the connection is reset. */
  public void reset() {
    head = null;
    searchFrom = 0;
    halfPing = false;
    closed = false;
    release();
  }
}
