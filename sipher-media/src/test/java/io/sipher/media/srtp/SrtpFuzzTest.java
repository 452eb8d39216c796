package io.sipher.media.srtp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sipher.media.PacketRejectedException;
import io.sipher.media.sdes.CryptoAttribute;
import java.nio.charset.StandardCharsets;

/**
 * Feeds arbitrary octets to the receiving side of every suite, as SRTP and as SRTCP, and to the
 * SDES attribute parser: everything a peer or an attacker controls. The only exception allowed out
 * is {@link PacketRejectedException}; anything unchecked, a hang or an out-of-memory is a bug.
 *
 * <p>Run longer with {@code -Dtest=SrtpFuzzTest -Djazzer.max_duration=10m}.
 */
class SrtpFuzzTest {
  private static final SrtpTransform[] RECEIVERS = new SrtpTransform[SrtpProfile.values().length];

  static {
    for (SrtpProfile profile : SrtpProfile.values()) {
      RECEIVERS[profile.ordinal()] = new SrtpPair(profile).bob;
    }
  }

  @FuzzTest(maxDuration = "30s")
  void unprotectAndParse(byte[] input) {
    for (SrtpTransform receiver : RECEIVERS) {
      try {
        receiver.unprotectRtp(input, input.length);
      } catch (PacketRejectedException expected) {
        // Dropped, as it should be.
      }
      try {
        receiver.unprotectRtcp(input, input.length);
      } catch (PacketRejectedException expected) {
        // Dropped, as it should be.
      }
    }
    CryptoAttribute.parse(new String(input, StandardCharsets.ISO_8859_1));
  }
}
