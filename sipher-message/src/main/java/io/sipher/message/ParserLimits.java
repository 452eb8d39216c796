package io.sipher.message;

/**
 * The limits the parser and framer enforce, so that nothing a peer sends can make them allocate
 * without bound. Every limit is counted in bytes of the wire form.
 *
 * <table>
 *   <caption>Limits, defaults and what exceeding them gives</caption>
 *   <tr><th>limit</th><th>default</th><th>when exceeded</th></tr>
 *   <tr><td>{@code maxMessageBytes}</td><td>65,535</td>
 *       <td>513 Message Too Large; on a stream the connection is given up</td></tr>
 *   <tr><td>{@code maxHeaderBytes}: start line and header fields</td><td>16,384</td>
 *       <td>513; on a stream the connection is given up</td></tr>
 *   <tr><td>{@code maxLineBytes}: one header field, folds included</td><td>8,192</td>
 *       <td>513</td></tr>
 *   <tr><td>{@code maxHeaderCount}</td><td>200</td><td>513</td></tr>
 *   <tr><td>{@code maxBodyBytes}</td><td>65,535</td>
 *       <td>513, decided from Content-Length before the body is read</td></tr>
 * </table>
 *
 * <p>UDP datagrams cannot exceed 65,535 bytes, so the defaults never refuse a valid datagram.
 */
public record ParserLimits(
    int maxMessageBytes,
    int maxHeaderBytes,
    int maxLineBytes,
    int maxHeaderCount,
    int maxBodyBytes) {

  public static final ParserLimits DEFAULTS = new ParserLimits(65_535, 16_384, 8_192, 200, 65_535);

  public ParserLimits {
    if (maxMessageBytes < 256
        || maxHeaderBytes < 128
        || maxLineBytes < 64
        || maxHeaderCount < 8
        || maxBodyBytes < 0) {
      throw new IllegalArgumentException("parser limits too small to carry SIP: " + this);
    }
  }

  public ParserLimits withMaxMessageBytes(int v) {
    return new ParserLimits(v, maxHeaderBytes, maxLineBytes, maxHeaderCount, maxBodyBytes);
  }

  public ParserLimits withMaxHeaderBytes(int v) {
    return new ParserLimits(maxMessageBytes, v, maxLineBytes, maxHeaderCount, maxBodyBytes);
  }

  public ParserLimits withMaxLineBytes(int v) {
    return new ParserLimits(maxMessageBytes, maxHeaderBytes, v, maxHeaderCount, maxBodyBytes);
  }

  public ParserLimits withMaxHeaderCount(int v) {
    return new ParserLimits(maxMessageBytes, maxHeaderBytes, maxLineBytes, v, maxBodyBytes);
  }

  public ParserLimits withMaxBodyBytes(int v) {
    return new ParserLimits(maxMessageBytes, maxHeaderBytes, maxLineBytes, maxHeaderCount, v);
  }
}
