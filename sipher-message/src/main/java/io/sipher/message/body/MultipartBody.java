package io.sipher.message.body;

import io.sipher.message.Headers;
import io.sipher.message.ParserLimits;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.syntax.SipParseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multipart body (RFC 2046 §5.1, as SIP uses it per RFC 5621) split into its parts. Part contents
 * are kept as bytes: a part may be binary (an S/MIME signature, RFC 4475 §3.1.1.11).
 */
public final class MultipartBody {
  /**
   * Parts beyond this are refused, so a hostile body cannot make the split allocate without bound.
   */
  public static final int MAX_PARTS = 64;

  /** One body part: its MIME headers and its content. */
  public record Part(Headers headers, byte[] content) {
    /** The part's Content-Type; RFC 2046 §5.1.3: text/plain when absent. */
    public MediaType contentType() {
      String v = headers.firstValue(HeaderName.CONTENT_TYPE);
      return v == null ? MediaType.parse("text/plain") : MediaType.parse(v);
    }

    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private final List<Part> parts;

  private MultipartBody(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  public List<Part> parts() {
    return parts;
  }

  /**
   * Splits {@code body} at the boundary named by {@code type}.
   *
   * @throws SipParseException when the type has no boundary, no delimiter is found, the close
   *     delimiter is missing, or a part's headers are malformed
   */
  public static MultipartBody parse(MediaType type, byte[] body) {
    if (!type.isMultipart()) {
      throw new SipParseException("Bad multipart body: " + type.essence() + " is not multipart");
    }
    String boundary = type.boundary();
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw new SipParseException("Bad multipart body: missing or invalid boundary");
    }
    byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    int pos = findDelimiter(body, dash, 0);
    if (pos < 0) {
      throw new SipParseException("Bad multipart body: no boundary delimiter");
    }
    List<Part> parts = new ArrayList<>(2);
    while (true) {
      int afterDash = pos + dash.length;
      if (afterDash + 2 <= body.length && body[afterDash] == '-' && body[afterDash + 1] == '-') {
        return new MultipartBody(parts); // close delimiter: the epilogue is ignored
      }
      int contentStart = skipLine(body, afterDash);
      if (contentStart < 0) {
        throw new SipParseException("Bad multipart body: missing close delimiter");
      }
      int next = findDelimiter(body, dash, contentStart);
      if (next < 0) {
        throw new SipParseException("Bad multipart body: missing close delimiter");
      }
      if (parts.size() == MAX_PARTS) {
        throw new SipParseException("Bad multipart body: more than " + MAX_PARTS + " parts");
      }
      // The line break before the delimiter belongs to the delimiter (RFC 2046 §5.1.1).
      int contentEnd = next;
      if (contentEnd > contentStart && body[contentEnd - 1] == '\n') {
        contentEnd--;
        if (contentEnd > contentStart && body[contentEnd - 1] == '\r') {
          contentEnd--;
        }
      }
      parts.add(part(body, contentStart, contentEnd));
      pos = next;
    }
  }

  private static Part part(byte[] body, int start, int end) {
    Headers.Block block = Headers.parseBlock(body, start, end - start, ParserLimits.DEFAULTS);
    return new Part(block.headers(), Arrays.copyOfRange(body, start + block.length(), end));
  }

  /** The offset of the next {@code --boundary} that starts a line, or -1. */
  private static int findDelimiter(byte[] body, byte[] dash, int from) {
    for (int i = from; i + dash.length <= body.length; i++) {
      if ((i == 0 || body[i - 1] == '\n') && matchesAt(body, dash, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesAt(byte[] body, byte[] pattern, int at) {
    for (int k = 0; k < pattern.length; k++) {
      if (body[at + k] != pattern[k]) {
        return false;
      }
    }
    return true;
  }

  /** The offset after the line break that ends the line at {@code pos}, or -1. */
  private static int skipLine(byte[] body, int pos) {
    for (int i = pos; i < body.length; i++) {
      if (body[i] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }
}
