package io.sipher.message;

import io.sipher.message.header.Address;
import io.sipher.message.header.CSeq;
import io.sipher.message.header.Contact;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.header.TypedHeader;
import io.sipher.message.header.Via;
import io.sipher.message.syntax.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A SIP request or response (RFC 3261 §7): a start line, header fields and a body.
 *
 * <p>Messages are immutable and bytes-first. One that came from the parser keeps its wire bytes,
 * and {@link #writeTo} reproduces them exactly; typed header views ({@link #all}, {@link #from()},
 * {@link #vias()}...) are parsed on first access and cached. Changes go through {@link
 * SipRequest#edit()} or {@link SipResponse#edit()}, which share the unchanged fields' bytes.
 *
 * <p>Typed accessors throw {@link SipParseException} when the header they read is malformed; {@link
 * io.sipher.message.validate.MessageValidator} checks every header up front, so code that runs
 * after validation does not meet those exceptions.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
  static final byte[] CRLF = {'\r', '\n'};

  private final byte[] wire;
  private final byte[] startLineBuf;
  private final int startLineOff;
  private final int startLineLen;
  private final Headers headers;
  private final byte[] bodyBuf;
  private final int bodyOff;
  private final int bodyLen;
  private final boolean lenientLineEnds;
  private Object[] typed;
  private Via topVia;

  /**
   * @param wire the message's exact bytes when it is unmodified, else null
   * @param startLineBuf the start line's bytes with terminator, or null to generate them
   */
  SipMessage(
      byte[] wire,
      byte[] startLineBuf,
      int startLineOff,
      int startLineLen,
      Headers headers,
      byte[] bodyBuf,
      int bodyOff,
      int bodyLen,
      boolean lenientLineEnds) {
    this.lenientLineEnds = lenientLineEnds;
    this.wire = wire;
    this.startLineBuf = startLineBuf;
    this.startLineOff = startLineOff;
    this.startLineLen = startLineLen;
    this.headers = headers;
    this.bodyBuf = bodyBuf;
    this.bodyOff = bodyOff;
    this.bodyLen = bodyLen;
  }

  public abstract boolean isRequest();

  /** The start line as text, without its terminator. */
  public abstract String startLine();

  /** The SIP version of the start line, e.g. {@code SIP/2.0}. */
  public abstract String version();

  public Headers headers() {
    return headers;
  }

  // ---- typed views -------------------------------------------------------------------------

  /**
   * Every value of a typed header, across all its fields, in order; empty when absent.
   *
   * @throws SipParseException when a field is malformed
   */
  @SuppressWarnings("unchecked")
  public <T> List<T> all(TypedHeader<T> header) {
    Object[] cache = typed;
    if (cache != null && header.id() < cache.length && cache[header.id()] != null) {
      return (List<T>) cache[header.id()];
    }
    List<T> values = parse(header);
    if (cache == null || header.id() >= cache.length) {
      Object[] grown = new Object[Math.max(TypedHeader.count(), header.id() + 1)];
      if (cache != null) {
        System.arraycopy(cache, 0, grown, 0, cache.length);
      }
      typed = cache = grown;
    }
    cache[header.id()] = values;
    return values;
  }

  private <T> List<T> parse(TypedHeader<T> header) {
    HeaderName name = header.name();
    int first = -1;
    int count = 0;
    for (int i = 0; i < headers.size(); i++) {
      if (headers.name(i).equals(name)) {
        first = first < 0 ? i : first;
        count++;
      }
    }
    if (count == 0) {
      return List.of();
    }
    if (count == 1 && !header.isList()) {
      return List.of(header.parse(headers.get(first).value()));
    }
    List<T> out = new ArrayList<>(count + 2);
    for (int i = first; i < headers.size(); i++) {
      if (headers.name(i).equals(name)) {
        header.parseField(headers.get(i).value(), out);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The first value of a typed header, if any. */
  public <T> Optional<T> first(TypedHeader<T> header) {
    List<T> values = all(header);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * The value of a header that must be present.
   *
   * @throws SipParseException when it is absent or malformed
   */
  public <T> T required(TypedHeader<T> header) {
    List<T> values = all(header);
    if (values.isEmpty()) {
      throw new SipParseException("Missing " + header.name().value() + " header");
    }
    return values.get(0);
  }

  public List<Via> vias() {
    return all(SipHeaders.VIA);
  }

  /** The topmost Via; every request and response has one (RFC 3261 §8.1.1.7). */
  public Via topVia() {
    Via v = topVia;
    if (v == null) {
      // Only the topmost value is parsed: routing a request or a response needs no other.
      HeaderField f = headers.first(HeaderName.VIA);
      if (f == null) {
        throw new SipParseException("Missing Via header");
      }
      topVia = v = SipHeaders.VIA.parseFirst(f.value());
    }
    return v;
  }

  public Address from() {
    return required(SipHeaders.FROM);
  }

  public Address to() {
    return required(SipHeaders.TO);
  }

  public String callId() {
    return required(SipHeaders.CALL_ID);
  }

  public CSeq cseq() {
    return required(SipHeaders.CSEQ);
  }

  /** Max-Forwards, or -1 when the header is absent. */
  public int maxForwards() {
    List<Integer> v = all(SipHeaders.MAX_FORWARDS);
    return v.isEmpty() ? -1 : v.get(0);
  }

  public List<Contact> contacts() {
    return all(SipHeaders.CONTACT);
  }

  public List<Address> routes() {
    return all(SipHeaders.ROUTE);
  }

  public List<Address> recordRoutes() {
    return all(SipHeaders.RECORD_ROUTE);
  }

  public Optional<MediaType> contentType() {
    return first(SipHeaders.CONTENT_TYPE);
  }

  // ---- body --------------------------------------------------------------------------------

  public int bodyLength() {
    return bodyLen;
  }

  /** A copy of the body. */
  public byte[] body() {
    byte[] b = new byte[bodyLen];
    System.arraycopy(bodyBuf, bodyOff, b, 0, bodyLen);
    return b;
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(bodyBuf, bodyOff, bodyLen, StandardCharsets.UTF_8);
  }

  public void writeBody(ByteSink sink) {
    sink.write(bodyBuf, bodyOff, bodyLen);
  }

  byte[] bodyBuf() {
    return bodyBuf;
  }

  int bodyOff() {
    return bodyOff;
  }

  // ---- serialization -----------------------------------------------------------------------

  /**
   * Whether the message arrived with bare-LF line ends. It is accepted, but an edited copy is
   * rewritten with CRLF throughout, so that no downstream parser sees other lines than we did.
   */
  public boolean lenientLineEnds() {
    return lenientLineEnds;
  }

  /** The fields for an editor: as they are, or re-encoded when line ends must be normalised. */
  HeaderTable editableHeaders() {
    if (!lenientLineEnds) {
      return headers.toTable();
    }
    HeaderTable t = new HeaderTable();
    for (int i = 0; i < headers.size(); i++) {
      t.add(HeaderField.rewritten(headers.get(i)));
    }
    return t;
  }

  /** Whether this message holds its original wire bytes (it was parsed and never edited). */
  public boolean isUnmodified() {
    return wire != null;
  }

  /** The number of bytes {@link #writeTo} writes. */
  public int encodedLength() {
    if (wire != null) {
      return wire.length;
    }
    int n = startLineBuf != null ? startLineLen : generatedStartLine().length;
    return n + headers.encodedLength() + 2 + bodyLen;
  }

  /**
   * Writes the message. An unmodified message is written byte for byte as it was received;
   * otherwise unchanged fields are copied as they were and only edited parts are re-encoded.
   */
  public void writeTo(ByteSink sink) {
    if (wire != null) {
      sink.write(wire, 0, wire.length);
      return;
    }
    if (startLineBuf != null) {
      sink.write(startLineBuf, startLineOff, startLineLen);
    } else {
      byte[] line = generatedStartLine();
      sink.write(line, 0, line.length);
    }
    headers.writeTo(sink);
    sink.write(CRLF, 0, 2);
    sink.write(bodyBuf, bodyOff, bodyLen);
  }

  public byte[] toByteArray() {
    if (wire != null) {
      return wire.clone();
    }
    byte[] line = startLineBuf != null ? null : generatedStartLine();
    int lineLen = line != null ? line.length : startLineLen;
    byte[] out = new byte[lineLen + headers.encodedLength() + 2 + bodyLen];
    if (line != null) {
      System.arraycopy(line, 0, out, 0, lineLen);
    } else {
      System.arraycopy(startLineBuf, startLineOff, out, 0, lineLen);
    }
    int pos = headers.copyTo(out, lineLen);
    out[pos++] = '\r';
    out[pos++] = '\n';
    System.arraycopy(bodyBuf, bodyOff, out, pos, bodyLen);
    return out;
  }

  private byte[] generatedStartLine() {
    return (startLine() + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Raw start line access for editors, which keep it when unchanged. */
  byte[] startLineBuf() {
    return startLineBuf;
  }

  int startLineOff() {
    return startLineOff;
  }

  int startLineLen() {
    return startLineLen;
  }

  /** The message as text (UTF-8), for logs and debugging. */
  @Override
  public String toString() {
    return new String(toByteArray(), StandardCharsets.UTF_8);
  }

  /**
   * Builds a changed copy of a message. Untouched fields keep their original bytes; the
   * Content-Length is set to the body's real length on {@link #build()}, which also repairs a
   * message whose declared length was wrong.
   *
   * @param <M> the message type built
   * @param <E> the concrete editor, for chaining
   */
  public abstract static class Editor<M extends SipMessage, E extends Editor<M, E>> {
    final HeaderTable fields;
    byte[] bodyBuf;
    int bodyOff;
    int bodyLen;

    Editor(HeaderTable fields, byte[] bodyBuf, int bodyOff, int bodyLen) {
      this.fields = fields;
      this.bodyBuf = bodyBuf;
      this.bodyOff = bodyOff;
      this.bodyLen = bodyLen;
    }

    abstract E self();

    abstract M create(Headers headers);

    /** Appends a field after all others. */
    public E add(HeaderName name, String value) {
      fields.add(HeaderField.of(name, value));
      return self();
    }

    public E add(HeaderField field) {
      fields.add(field);
      return self();
    }

    /**
     * Adds a value on top of a header: before its first field; when it has none, after the Via
     * fields (or first, for Via itself). This is how a proxy pushes Via and Record-Route (RFC 3261
     * §16.6).
     */
    public E push(HeaderName name, String value) {
      return push(HeaderField.of(name, value));
    }

    /** As {@link #push(HeaderName, String)}, with a field already made. */
    public E push(HeaderField field) {
      HeaderName name = field.name();
      int at = indexOf(name);
      if (at < 0) {
        at = 0;
        for (int i = 0; i < fields.size() && !name.equals(HeaderName.VIA); i++) {
          if (fields.name(i).equals(HeaderName.VIA)) {
            at = i + 1;
          }
        }
      }
      fields.add(at, field);
      return self();
    }

    /** Replaces every field of {@code name} by one with {@code value}, where the first stood. */
    public E set(HeaderName name, String value) {
      return set(HeaderField.of(name, value));
    }

    /** As {@link #set(HeaderName, String)}, with a field already made. */
    public E set(HeaderField field) {
      HeaderName name = field.name();
      int at = indexOf(name);
      if (at < 0) {
        fields.add(field);
        return self();
      }
      fields.set(at, field);
      for (int i = fields.size() - 1; i > at; i--) {
        if (fields.name(i).equals(name)) {
          fields.remove(i);
        }
      }
      return self();
    }

    public E remove(HeaderName name) {
      for (int i = fields.size() - 1; i >= 0; i--) {
        if (fields.name(i).equals(name)) {
          fields.remove(i);
        }
      }
      return self();
    }

    /**
     * Removes the first value of a list header: the whole first field when it holds one value, else
     * that value only (the rest of the field is rewritten). Does nothing when absent.
     */
    public E removeFirstValue(HeaderName name) {
      int at = indexOf(name);
      if (at < 0) {
        return self();
      }
      List<String> values = io.sipher.message.syntax.ListSplitter.split(fields.field(at).value());
      if (values.size() <= 1) {
        fields.remove(at);
      } else {
        fields.set(at, HeaderField.of(name, String.join(", ", values.subList(1, values.size()))));
      }
      return self();
    }

    public E pushVia(Via via) {
      StringBuilder sb = new StringBuilder(96);
      via.appendTo(sb);
      return push(HeaderField.of(HeaderName.VIA, sb));
    }

    /** Removes the topmost Via value (a proxy forwarding a response, RFC 3261 §16.7 step 3). */
    public E popVia() {
      return removeFirstValue(HeaderName.VIA);
    }

    public E maxForwards(int value) {
      return set(HeaderField.of(HeaderName.MAX_FORWARDS, value));
    }

    /** Removes the topmost Route value (RFC 3261 §16.4, §16.12). */
    public E popRoute() {
      return removeFirstValue(HeaderName.ROUTE);
    }

    public E pushRecordRoute(Address address) {
      return push(HeaderName.RECORD_ROUTE, address.toString());
    }

    /**
     * Sets the body (copied) and its Content-Type; a null type with an empty body removes both.
     *
     * @throws IllegalArgumentException for a body without a type (RFC 3261 §20.15)
     */
    public E body(MediaType type, byte[] body) {
      if (type == null && body.length > 0) {
        throw new IllegalArgumentException("a body needs a Content-Type");
      }
      body = body.clone();
      if (type == null) {
        remove(HeaderName.CONTENT_TYPE);
      } else {
        set(HeaderName.CONTENT_TYPE, type.toString());
      }
      bodyBuf = body;
      bodyOff = 0;
      bodyLen = body.length;
      return self();
    }

    int indexOf(HeaderName name) {
      for (int i = 0; i < fields.size(); i++) {
        if (fields.name(i).equals(name)) {
          return i;
        }
      }
      return -1;
    }

    public M build() {
      int count = 0;
      boolean correct = true;
      for (int i = 0; i < fields.size(); i++) {
        if (fields.name(i) == HeaderName.CONTENT_LENGTH) {
          count++;
          correct &= fields.decimalValue(i) == bodyLen;
        }
      }
      if (count != 1 || !correct) {
        set(HeaderField.of(HeaderName.CONTENT_LENGTH, bodyLen));
      }
      return create(fields.toHeaders());
    }
  }
}
