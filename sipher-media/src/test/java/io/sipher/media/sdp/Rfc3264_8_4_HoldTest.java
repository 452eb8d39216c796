package io.sipher.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 3264 §8 and §8.4: a modified offer keeps the origin and increments its version; hold is a
 * direction change, and the held party does not answer with hold.
 */
class Rfc3264_8_4_HoldTest {

  private static AudioNegotiator party(String address, int port) throws Exception {
    return new AudioNegotiator(LocalAudio.of(InetAddress.getByName(address), port));
  }

  private static NegotiatedStream stream(Negotiation n) {
    assertThat(n).isInstanceOf(Negotiation.Accepted.class);
    return ((Negotiation.Accepted) n).stream();
  }

  private static SessionDescription wire(SessionDescription sdp) {
    return Rfc8866_5_SdpParserTest.parse(sdp.toString());
  }

  @Test
  void holdAndResumeBetweenTwoParties() throws Exception {
    AudioNegotiator alice = party("192.0.2.10", 49170);
    AudioNegotiator bob = party("198.51.100.7", 40000);

    SessionDescription offer1 = alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    Answer answer1 = bob.createAnswer(wire(offer1), Direction.SENDRECV, List.of());
    assertThat(stream(alice.processAnswer(wire(answer1.description()))).direction())
        .isEqualTo(Direction.SENDRECV);

    // Alice holds: sendrecv becomes sendonly.
    SessionDescription hold = alice.createHoldOffer(List.of());
    assertThat(hold.media().get(0).direction()).contains(Direction.SENDONLY);
    assertThat(hold.origin())
        .isEqualTo(offer1.origin().withVersion(offer1.origin().sessionVersion() + 1));
    // Bob is not put on hold automatically: he answers recvonly, not inactive.
    Answer held = bob.createAnswer(wire(hold), Direction.SENDRECV, List.of());
    assertThat(held.description().media().get(0).direction()).contains(Direction.RECVONLY);
    assertThat(stream(held.negotiation()).direction()).isEqualTo(Direction.RECVONLY);
    // Bob's description changed, so his version moved on too.
    assertThat(held.description().origin().sessionVersion())
        .isEqualTo(answer1.description().origin().sessionVersion() + 1);
    assertThat(stream(alice.processAnswer(wire(held.description()))).direction())
        .isEqualTo(Direction.SENDONLY);

    // Bob holds too, from recvonly: inactive.
    SessionDescription bobHold = bob.createHoldOffer(List.of());
    assertThat(bobHold.media().get(0).direction()).contains(Direction.INACTIVE);
    Answer both = alice.createAnswer(wire(bobHold), Direction.SENDONLY, List.of());
    assertThat(stream(both.negotiation()).direction()).isEqualTo(Direction.INACTIVE);
    assertThat(stream(bob.processAnswer(wire(both.description()))).direction())
        .isEqualTo(Direction.INACTIVE);

    // Alice resumes.
    SessionDescription resume = alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    assertThat(resume.origin().sessionVersion()).isEqualTo(hold.origin().sessionVersion() + 2);
    assertThat(resume.origin().sessionId()).isEqualTo(offer1.origin().sessionId());
  }

  @Test
  void anUnchangedOfferKeepsItsVersion() throws Exception {
    AudioNegotiator alice = party("192.0.2.10", 49170);
    SessionDescription first = alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    SessionDescription again = alice.createOffer("RTP/AVP", Direction.SENDRECV, List.of());
    // §8: if the version does not increment, the SDP must be identical; it is.
    assertThat(again).isEqualTo(first);
    SessionDescription changed = alice.createOffer("RTP/AVP", Direction.SENDONLY, List.of());
    assertThat(changed.origin().sessionVersion()).isEqualTo(first.origin().sessionVersion() + 1);
  }

  @Test
  void directionHelpersFollowSection8_4() {
    assertThat(Direction.SENDRECV.hold()).isEqualTo(Direction.SENDONLY);
    assertThat(Direction.RECVONLY.hold()).isEqualTo(Direction.INACTIVE);
    assertThat(Direction.SENDONLY.hold()).isEqualTo(Direction.SENDONLY);
    assertThat(Direction.INACTIVE.hold()).isEqualTo(Direction.INACTIVE);
    assertThat(Direction.SENDONLY.resume()).isEqualTo(Direction.SENDRECV);
    assertThat(Direction.INACTIVE.resume()).isEqualTo(Direction.RECVONLY);
  }

  @Test
  void unspecifiedAddressMeansSendNothing() throws Exception {
    // RFC 2543 hold, which §8.4 says an agent must still understand.
    SessionDescription offer =
        Rfc8866_5_SdpParserTest.parse(
            "v=0\r\no=old 1 2 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n"
                + "m=audio 49170 RTP/AVP 0\r\n");
    Answer a = party("198.51.100.7", 40000).createAnswer(offer, Direction.SENDRECV, List.of());
    assertThat(stream(a.negotiation()).direction()).isEqualTo(Direction.RECVONLY);
    assertThat(a.description().media().get(0).direction()).contains(Direction.SENDRECV);
  }

  @Test
  void holdNeedsAStream() throws Exception {
    assertThatThrownBy(() -> party("192.0.2.10", 49170).createHoldOffer(List.of()))
        .isInstanceOf(IllegalStateException.class);
  }
}
