package io.sipher.bench;

import io.sipher.media.PacketRejectedException;
import io.sipher.media.srtp.MasterKey;
import io.sipher.media.srtp.SrtpProfile;
import io.sipher.media.srtp.SrtpTransform;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP cost per packet for G.711 audio: an RTP packet with a 12-octet header and 160 octets of
 * payload (20 ms of PCMU), protected by one end of a call and unprotected by the other. Each
 * invocation sends the next sequence number, so the receiver's replay window accepts every packet
 * and the rollover counter wraps as in a long call.
 *
 * <p>A call is 50 packets a second each way, so N operations a second on one core are roughly N /
 * 100 calls' worth of SRTP in both directions.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SrtpBenchmark {
  @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
  public String suite;

  private SrtpTransform sender;
  private SrtpTransform receiver;
  private final byte[] packet = new byte[12 + 160];
  private int seq;

  @Setup
  public void setUp() {
    SrtpProfile profile = SrtpProfile.valueOf(suite);
    SecureRandom random = new SecureRandom();
    MasterKey a = MasterKey.generate(profile, random);
    MasterKey b = MasterKey.generate(profile, random);
    sender = SrtpTransform.create(profile, a, b);
    receiver = SrtpTransform.create(profile, b, a);
    packet[0] = (byte) 0x80;
    packet[8] = 0x12;
    packet[9] = 0x34;
    packet[10] = 0x56;
    packet[11] = 0x78;
    for (int i = 12; i < packet.length; i++) {
      packet[i] = (byte) (0xFF - i);
    }
  }

  /** One packet through both ends: what an SBC relaying SRTP to SRTP does per packet. */
  @Benchmark
  public byte[] protectThenUnprotect() throws PacketRejectedException {
    byte[] wire = sender.protectRtp(nextPacket(), packet.length);
    return receiver.unprotectRtp(wire, wire.length);
  }

  /** The sending end alone. */
  @Benchmark
  public byte[] protect() {
    return sender.protectRtp(nextPacket(), packet.length);
  }

  private byte[] nextPacket() {
    seq = (seq + 1) & 0xFFFF;
    packet[2] = (byte) (seq >>> 8);
    packet[3] = (byte) seq;
    return packet;
  }
}
