package io.sipher.bench;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;
import io.sipher.message.ParseResult;
import io.sipher.message.SipMessage;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Via;
import io.sipher.message.uri.HostPort;
import java.text.ParseException;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * sipher's codec against the JAIN-SIP reference implementation's, side by side in one run.
 *
 * <p>Parse: the start line, every header boundary, and the typed Via, CSeq, From, To and Call-ID
 * (plus the Request-URI of requests), which is what a proxy needs to route. JAIN-SIP parses every
 * header into objects eagerly; sipher parses only the views asked for, which is the point of its
 * design, so the comparison is of the work each does to answer the same questions.
 *
 * <p>Serialize: JAIN-SIP re-encodes its parsed message from objects. sipher is measured twice:
 * writing a parsed message unchanged (a copy of its bytes), and the harder case of a proxy's edit
 * (push a Via, decrement Max-Forwards) followed by encoding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CodecBenchmark {
  @Param({"REGISTER", "INVITE", "OK"})
  public String message;

  private byte[] wire;
  private SipParser sipher;
  private SipMessage sipherParsed;
  private Via via;
  private SIPMessage jainParsed;
  private javax.sip.header.ViaHeader jainVia;

  @Setup
  public void setUp() throws ParseException {
    wire = Messages.wire(message);
    sipher = new SipParser();
    sipherParsed = ((ParseResult.Parsed) sipher.parseDatagram(wire)).message();
    via = Via.of("TLS", HostPort.parse("proxy.example.com:5061"), "z9hG4bK-proxy-1");
    jainParsed = new StringMsgParser().parseSIPMessage(wire, true, false, null);
    try {
      jainVia =
          new gov.nist.javax.sip.header.HeaderFactoryImpl()
              .createViaHeader("proxy.example.com", 5061, "TLS", "z9hG4bK-proxy-1");
    } catch (javax.sip.InvalidArgumentException e) {
      throw new IllegalStateException(e);
    }
    if (jainParsed == null || sipherParsed.headers().size() < 8) {
      throw new IllegalStateException("benchmark message did not parse");
    }
  }

  @Benchmark
  public void parseSipher(Blackhole bh) {
    SipMessage m = ((ParseResult.Parsed) sipher.parseDatagram(wire)).message();
    if (m instanceof SipRequest r) {
      bh.consume(r.method());
      bh.consume(r.requestUri());
    } else {
      bh.consume(((SipResponse) m).statusCode());
    }
    bh.consume(m.headers().size());
    bh.consume(m.topVia().branch());
    bh.consume(m.cseq());
    bh.consume(m.from().tag());
    bh.consume(m.to());
    bh.consume(m.callId());
  }

  @Benchmark
  public void parseJainSip(Blackhole bh) throws ParseException {
    SIPMessage m = new StringMsgParser().parseSIPMessage(wire, true, false, null);
    if (m instanceof SIPRequest r) {
      bh.consume(r.getMethod());
      bh.consume(r.getRequestURI());
    } else {
      bh.consume(((gov.nist.javax.sip.message.SIPResponse) m).getStatusCode());
    }
    bh.consume(m.getHeaders());
    bh.consume(m.getTopmostVia().getBranch());
    bh.consume(m.getCSeq());
    bh.consume(m.getFrom().getTag());
    bh.consume(m.getTo());
    bh.consume(m.getCallId());
  }

  @Benchmark
  public byte[] serializeSipherUnchanged() {
    return sipherParsed.toByteArray();
  }

  @Benchmark
  public byte[] serializeSipherEdited() {
    if (sipherParsed instanceof SipRequest r) {
      return r.edit().pushVia(via).maxForwards(69).build().toByteArray();
    }
    return ((SipResponse) sipherParsed).edit().popVia().build().toByteArray();
  }

  @Benchmark
  public byte[] serializeJainSip() {
    return jainParsed.encodeAsBytes("TLS");
  }

  /** The same edit as {@link #serializeSipherEdited} in JAIN-SIP, undone after encoding. */
  @Benchmark
  public byte[] serializeJainSipEdited() throws Exception {
    if (jainParsed instanceof SIPRequest r) {
      javax.sip.header.MaxForwardsHeader mf =
          (javax.sip.header.MaxForwardsHeader) r.getHeader(javax.sip.header.MaxForwardsHeader.NAME);
      r.addFirst(jainVia);
      mf.setMaxForwards(69);
      byte[] out = r.encodeAsBytes("TLS");
      r.removeFirst(javax.sip.header.ViaHeader.NAME);
      mf.setMaxForwards(70);
      return out;
    }
    gov.nist.javax.sip.header.Via top = jainParsed.getTopmostVia();
    jainParsed.removeFirst(javax.sip.header.ViaHeader.NAME);
    byte[] out = jainParsed.encodeAsBytes("TLS");
    jainParsed.addFirst(top);
    return out;
  }
}
