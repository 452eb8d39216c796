package io.sipher.ua;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/** Media that only talks SDP: a fixed G.711 offer or answer, and records what it was given. */
final class FixedMedia implements CallMedia {
  static final String SDP =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

  volatile String remote;
  final AtomicBoolean started = new AtomicBoolean();
  final AtomicBoolean closed = new AtomicBoolean();

  @Override
  public byte[] offer(boolean secureSignalling) {
    return SDP.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public byte[] answer(byte[] remoteOffer, boolean secureSignalling) {
    remote = new String(remoteOffer, StandardCharsets.US_ASCII);
    return SDP.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void answered(byte[] remoteAnswer, boolean secureSignalling) {
    remote = new String(remoteAnswer, StandardCharsets.US_ASCII);
  }

  @Override
  public void start() {
    started.set(true);
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
