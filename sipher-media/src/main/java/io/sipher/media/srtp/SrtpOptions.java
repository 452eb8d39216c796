package io.sipher.media.srtp;

/**
 * Limits of an {@link SrtpTransform}, one object rather than constructor overloads.
 *
 * <table>
 *   <caption>Limits</caption>
 *   <tr><th>limit</th><th>default</th><th>when exceeded</th></tr>
 *   <tr><td>{@code replayWindow}: indices remembered per SSRC, SRTP and SRTCP each (RFC 3711
 *       §3.3.2 asks for at least 64); a power of two, 64..32768</td><td>128</td>
 *       <td>an older packet is rejected as {@code REPLAYED}</td></tr>
 *   <tr><td>{@code maxSsrcs}: SSRCs with a context, per direction</td><td>32</td>
 *       <td>a packet from a further SSRC is rejected as {@code UNKNOWN_SSRC} (sending:
 *       {@link SrtpProtectException})</td></tr>
 * </table>
 *
 * @param replayWindow indices remembered per SSRC
 * @param maxSsrcs SSRCs with a context, per direction
 */
public record SrtpOptions(int replayWindow, int maxSsrcs) {

  /** The defaults of the table above. */
  public static final SrtpOptions DEFAULTS = new SrtpOptions(128, 32);

  public SrtpOptions {
    if (replayWindow < 64 || replayWindow > 32768 || Integer.bitCount(replayWindow) != 1) {
      throw new IllegalArgumentException(
          "replayWindow must be a power of two in 64..32768: " + replayWindow);
    }
    if (maxSsrcs < 1 || maxSsrcs > 65536) {
      throw new IllegalArgumentException("maxSsrcs must be in 1..65536: " + maxSsrcs);
    }
  }

  public SrtpOptions withReplayWindow(int size) {
    return new SrtpOptions(size, maxSsrcs);
  }

  public SrtpOptions withMaxSsrcs(int count) {
    return new SrtpOptions(replayWindow, count);
  }
}
