package io.sipher.media.rtp;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sipher.media.PacketRejectedException;
import io.sipher.media.sdp.AudioNegotiator;
import io.sipher.media.sdp.Direction;
import io.sipher.media.sdp.LocalAudio;
import io.sipher.media.sdp.MediaDescription;
import io.sipher.media.sdp.SdpLimits;
import io.sipher.media.sdp.SdpParseResult;
import io.sipher.media.sdp.SdpParser;
import io.sipher.media.sdp.SessionDescription;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes everything in the media path that reads peer input. The first byte picks the target: 0 the
 * SDP parser, writer and offer/answer; 1 the RTP, RTCP and telephone-event parsers; 2 the sequence
 * statistics and the jitter buffer driven by arbitrary packets. Only the documented refusals may
 * come out: a {@link SdpParseResult.Malformed} value or a {@link PacketRejectedException}. Anything
 * else, a hang or an out-of-memory is a bug.
 *
 * <p>One fuzz target for all three because Jazzer fuzzes one target per JVM. Seeds live in {@code
 * src/test/resources/.../MediaParsersFuzzTestInputs}, each prefixed by its target byte.
 */
class MediaParsersFuzzTest {
  private static final SdpParser PARSER = new SdpParser(SdpLimits.DEFAULTS.withMaxBytes(8192));
  // Writing with CRLF can make a description longer than the LF-only input it came from.
  private static final SdpParser REPARSER = new SdpParser(SdpLimits.DEFAULTS.withMaxBytes(1 << 16));
  private static final LocalAudio LOCAL =
      LocalAudio.of(InetAddress.getLoopbackAddress(), 40000).withRtcpMux(true);

  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({
    "v=0\\x0d\\x0a",
    "o=- 1 1 IN IP4 192.0.2.1\\x0d\\x0a",
    "s=-\\x0d\\x0a",
    "c=IN IP6 ::1\\x0d\\x0a",
    "t=0 0\\x0d\\x0a",
    "m=audio 4000 RTP/AVP 0 8 101\\x0d\\x0a",
    "m=audio 4000 RTP/SAVP 0\\x0d\\x0a",
    "a=rtpmap:101 telephone-event/8000",
    "a=rtpmap:96 PCMU/8000",
    "a=fmtp:101 0-16",
    "a=ptime:",
    "a=sendonly",
    "a=recvonly",
    "a=inactive",
    "a=rtcp-mux",
    "a=rtcp:4001 IN IP4 192.0.2.2",
    "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:",
    "b=AS:64",
    "\\x80\\xc8",
    "\\x81\\xc9",
    "\\x81\\xca",
    "\\x81\\xcb"
  })
  void fuzzMediaParsers(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    switch ((input[0] & 0xFF) % 3) {
      case 0:
        sdp(body);
        break;
      case 1:
        packets(body);
        break;
      default:
        statistics(body);
        break;
    }
  }

  private static void sdp(byte[] body) {
    SdpParseResult result = PARSER.parse(body);
    if (!(result instanceof SdpParseResult.Parsed)) {
      return;
    }
    SessionDescription sdp = ((SdpParseResult.Parsed) result).description();
    String written = sdp.toString();
    SdpParseResult again = REPARSER.parse(written);
    if (!(again instanceof SdpParseResult.Parsed)) {
      throw new IllegalStateException("written SDP no longer parses: " + again);
    }
    if (!((SdpParseResult.Parsed) again).description().toString().equals(written)) {
      throw new IllegalStateException("writing is not stable:\n" + written);
    }
    for (MediaDescription m : sdp.media()) {
      m.rtpmaps();
      m.ptime();
      m.rtcp();
      m.fmtp(101);
      sdp.directionOf(m);
    }
    AudioNegotiator negotiator = new AudioNegotiator(LOCAL);
    negotiator.createAnswer(sdp, Direction.SENDRECV, List.of("1 AES_CM_128_HMAC_SHA1_80 inline:x"));
    negotiator.createOffer(MediaDescription.RTP_AVP, Direction.SENDRECV, List.of());
    negotiator.processAnswer(sdp);
  }

  private static void packets(byte[] body) {
    try {
      RtpPacket p = RtpPacket.parse(body, body.length);
      byte[] again = p.toBytes();
      if (!RtpPacket.parse(again, again.length).equals(p)) {
        throw new IllegalStateException("RTP round trip changed " + p);
      }
    } catch (PacketRejectedException expected) {
      // malformed: refused
    }
    try {
      byte[] again = RtcpCodec.write(RtcpCodec.parse(body, body.length));
      RtcpCodec.parse(again, again.length);
    } catch (PacketRejectedException expected) {
      // malformed: refused
    }
    try {
      TelephoneEvent.parse(body, 0, body.length);
    } catch (PacketRejectedException expected) {
      // too short
    }
  }

  /** Eight bytes a packet: sequence (2), timestamp (4), milliseconds since the last (1), flags. */
  private static void statistics(byte[] body) {
    if (body.length < 2) {
      return;
    }
    RtpStatistics stats = new RtpStatistics(1, ((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
    JitterBuffer buffer = new JitterBuffer(body[0] & 0xFF);
    long now = 0;
    for (int i = 2; i + 8 <= body.length; i += 8) {
      int seq = ((body[i] & 0xFF) << 8) | (body[i + 1] & 0xFF);
      long timestamp = 0;
      for (int k = 2; k < 6; k++) {
        timestamp = (timestamp << 8) | (body[i + k] & 0xFF);
      }
      now += body[i + 6] & 0xFF;
      int flags = body[i + 7] & 0xFF;
      if (stats.onPacket(seq, timestamp, now * 8)) {
        buffer.put(timestamp, new short[1 + (flags & 0x7F) * 4], now);
      }
      if ((flags & 0x80) != 0) {
        buffer.drain(now);
        stats.report(0, 0);
      }
    }
  }
}
