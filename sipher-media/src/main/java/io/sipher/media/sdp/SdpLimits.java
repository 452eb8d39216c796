package io.sipher.media.sdp;

/**
 * The limits {@link SdpParser} enforces, so that a peer's description cannot make it allocate
 * without bound. Exceeding any of them gives a {@link SdpParseResult.Malformed} naming the limit.
 *
 * <table>
 *   <caption>Limits and defaults</caption>
 *   <tr><th>limit</th><th>default</th><th>counts</th></tr>
 *   <tr><td>{@code maxBytes}</td><td>32,768</td><td>the whole description (UTF-8 bytes, or
 *       characters when parsing a string)</td></tr>
 *   <tr><td>{@code maxLineLength}</td><td>4,096</td><td>characters in one line</td></tr>
 *   <tr><td>{@code maxMediaDescriptions}</td><td>32</td><td>{@code m=} lines</td></tr>
 *   <tr><td>{@code maxAttributes}</td><td>512</td><td>{@code a=} lines, session and media levels
 *       together</td></tr>
 * </table>
 *
 * <p>A SIP call's description is typically under 2 KB with one to three media descriptions, so the
 * defaults refuse nothing real.
 */
public record SdpLimits(
    int maxBytes, int maxLineLength, int maxMediaDescriptions, int maxAttributes) {

  public static final SdpLimits DEFAULTS = new SdpLimits(32_768, 4_096, 32, 512);

  public SdpLimits {
    if (maxBytes < 64 || maxLineLength < 32 || maxMediaDescriptions < 1 || maxAttributes < 0) {
      throw new IllegalArgumentException("SDP limits too small to carry a session: " + this);
    }
  }

  public SdpLimits withMaxBytes(int v) {
    return new SdpLimits(v, maxLineLength, maxMediaDescriptions, maxAttributes);
  }

  public SdpLimits withMaxLineLength(int v) {
    return new SdpLimits(maxBytes, v, maxMediaDescriptions, maxAttributes);
  }

  public SdpLimits withMaxMediaDescriptions(int v) {
    return new SdpLimits(maxBytes, maxLineLength, v, maxAttributes);
  }

  public SdpLimits withMaxAttributes(int v) {
    return new SdpLimits(maxBytes, maxLineLength, maxMediaDescriptions, v);
  }
}
