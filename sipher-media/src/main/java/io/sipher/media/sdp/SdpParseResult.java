package io.sipher.media.sdp;

/** What {@link SdpParser} made of a body: a description, or why it is not one. */
public sealed interface SdpParseResult {

  /** A well-formed description. */
  record Parsed(SessionDescription description) implements SdpParseResult {}

  /**
   * A body that is not a valid description.
   *
   * @param line the 1-based line the problem was found on, 0 for the body as a whole
   * @param reason what is wrong, for logs and a 488 Warning
   */
  record Malformed(int line, String reason) implements SdpParseResult {
    @Override
    public String toString() {
      return line == 0 ? reason : "line " + line + ": " + reason;
    }
  }
}
