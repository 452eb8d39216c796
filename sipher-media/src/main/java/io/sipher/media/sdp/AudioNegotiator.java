package io.sipher.media.sdp;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RFC 3264 offer/answer for one audio stream, for one side of one call. It makes our offers and
 * answers and reads the peer's, and keeps the {@code o=} line stable across them: every description
 * it makes has the same origin, and the version goes up by one whenever the content differs from
 * the previous one (RFC 3264 §8).
 *
 * <p>Our offer is G.711 (the codecs of {@link LocalAudio}, PCMU 0 and PCMA 8 by default), RFC 4733
 * telephone-event with events 0-16, {@code a=ptime:20} and a direction. Hold (§8.4) is a new offer
 * with {@link Direction#hold()}.
 *
 * <p>Not thread-safe: one call's signalling uses it from one thread at a time.
 */
public final class AudioNegotiator {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String TELEPHONE_EVENT = "telephone-event";
  private static final String EVENTS = "0-16";
  private static final int PTIME = 20;

  private final LocalAudio local;
  private final Origin origin;
  private long version;
  private SessionDescription lastSent;
  private SessionDescription pendingOffer;
  private NegotiatedStream current;

  public AudioNegotiator(LocalAudio local) {
    this.local = Objects.requireNonNull(local, "local");
    // RFC 8866 §5.2 suggests an NTP timestamp for both numbers; random is as unique and says less.
    long id = 1 + RANDOM.nextInt(Integer.MAX_VALUE);
    this.version = id;
    this.origin =
        new Origin(
            local.username(),
            Long.toString(id),
            id,
            Connection.IN,
            Connection.addrType(local.address()),
            Connection.literal(local.address()));
  }

  /** The stream agreed in the last completed exchange, if any. */
  public Optional<NegotiatedStream> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Makes an offer.
   *
   * @param proto {@link MediaDescription#RTP_AVP} or {@link MediaDescription#RTP_SAVP}
   * @param direction what we want to do; on hold, {@code current direction.hold()}
   * @param crypto {@code a=crypto} values to offer, required with RTP/SAVP
   */
  public SessionDescription createOffer(String proto, Direction direction, List<String> crypto) {
    checkProto(proto, crypto);
    List<String> offered = proto.equals(MediaDescription.RTP_SAVP) ? crypto : List.of();
    MediaDescription.Builder m = MediaDescription.builder("audio", local.rtpPort(), proto);
    for (String codec : local.codecs()) {
      int pt = LocalAudio.staticPayloadType(codec);
      m.addFormat(Integer.toString(pt));
    }
    if (local.telephoneEventPayloadType() >= 0) {
      m.addFormat(Integer.toString(local.telephoneEventPayloadType()));
    }
    for (String codec : local.codecs()) {
      m.addAttribute("rtpmap", LocalAudio.staticPayloadType(codec) + " " + codec + "/8000");
    }
    if (local.telephoneEventPayloadType() >= 0) {
      addTelephoneEvent(m, local.telephoneEventPayloadType());
    }
    finishMedia(m, direction, local.rtcpMux(), offered);
    SessionDescription offer = stamp(List.of(m.build()), List.of(Timing.PERMANENT));
    pendingOffer = offer;
    return offer;
  }

  /**
   * Makes a hold offer (RFC 3264 §8.4): the current direction without its receive half, with the
   * proto of the current stream.
   *
   * @throws IllegalStateException before any stream was negotiated
   */
  public SessionDescription createHoldOffer(List<String> crypto) {
    if (current == null) {
      throw new IllegalStateException("no stream to put on hold");
    }
    return createOffer(current.proto(), current.direction().hold(), crypto);
  }

  /**
   * Answers a remote offer: accepts the first audio stream we can use and rejects every other
   * stream with port 0 (RFC 3264 §6), one answer line per offered line.
   *
   * @param wanted what we want to do; the answer never allows more than the offer (§6.1)
   * @param crypto the {@code a=crypto} values to answer with, required for an RTP/SAVP offer
   */
  public Answer createAnswer(SessionDescription offer, Direction wanted, List<String> crypto) {
    List<MediaDescription> lines = new ArrayList<>();
    NegotiatedStream accepted = null;
    String reason = offer.media().isEmpty() ? "the offer has no media" : null;
    for (MediaDescription m : offer.media()) {
      if (accepted == null) {
        Optional<String> problem = AnswerCheck.problem(offer, m, local, crypto);
        if (problem.isEmpty()) {
          Accept a = accept(offer, m, wanted, crypto);
          lines.add(a.line);
          accepted = a.stream;
          continue;
        }
        reason = reason == null ? problem.get() : reason;
      }
      // A rejected line keeps media, proto and formats, which are ignored (RFC 3264 §6).
      lines.add(MediaDescription.builder(m.media(), 0, m.proto()).formats(m.formats()).build());
    }
    SessionDescription answer = stamp(lines, offer.timings());
    pendingOffer = null;
    if (accepted == null) {
      return new Answer(answer, new Negotiation.Rejected(reason));
    }
    current = accepted;
    return new Answer(answer, new Negotiation.Accepted(accepted));
  }

  /** Reads the answer to our last offer. */
  public Negotiation processAnswer(SessionDescription answer) {
    SessionDescription offer = pendingOffer;
    if (offer == null) {
      return new Negotiation.Rejected("no offer is waiting for an answer");
    }
    pendingOffer = null;
    if (answer.media().size() != offer.media().size()) {
      return new Negotiation.Rejected("the answer must have one m= line per offered one (§6)");
    }
    MediaDescription ours = offer.media().get(0);
    MediaDescription theirs = answer.media().get(0);
    if (theirs.isRejected()) {
      return new Negotiation.Rejected("the answerer rejected the audio stream");
    }
    if (!theirs.proto().equals(ours.proto()) || !theirs.media().equals("audio")) {
      return new Negotiation.Rejected("the answer changed the stream to " + theirs.proto());
    }
    Optional<CodecChoice> codec = CodecChoice.pick(theirs, local);
    if (codec.isEmpty()) {
      return new Negotiation.Rejected("the answer has none of the offered codecs");
    }
    if (ours.proto().equals(MediaDescription.RTP_SAVP) && theirs.crypto().isEmpty()) {
      return new Negotiation.Rejected("RTP/SAVP answer without a=crypto");
    }
    Connection c = answer.connectionOf(theirs);
    InetSocketAddress rtp = c == null ? null : Endpoints.of(c, theirs.port());
    if (rtp == null) {
      return new Negotiation.Rejected("the answer has no usable IN IP4/IP6 address");
    }
    Direction offered = offer.directionOf(ours);
    Direction direction = offered.intersect(answer.directionOf(theirs).reverse());
    boolean mux = ours.rtcpMux() && theirs.rtcpMux();
    OptionalInt teSend = telephoneEvent(theirs, codec.get().clockRate());
    OptionalInt teReceive = teSend.isPresent() ? telephoneEvent(ours, 8000) : OptionalInt.empty();
    current =
        new NegotiatedStream(
            ours.proto(),
            codec.get().encoding(),
            codec.get().clockRate(),
            codec.get().payloadType(),
            LocalAudio.staticPayloadType(codec.get().encoding()),
            teSend,
            teReceive,
            theirs.ptime().orElse(0),
            c.isUnspecified() ? direction.intersect(Direction.RECVONLY) : direction,
            rtp,
            rtcpEndpoint(theirs, c, rtp, mux),
            mux,
            ours.crypto(),
            theirs.crypto());
    return new Negotiation.Accepted(current);
  }

  private record Accept(MediaDescription line, NegotiatedStream stream) {}

  private Accept accept(
      SessionDescription offer, MediaDescription m, Direction wanted, List<String> crypto) {
    CodecChoice codec = CodecChoice.pick(m, local).orElseThrow();
    OptionalInt te =
        local.telephoneEventPayloadType() < 0
            ? OptionalInt.empty()
            : telephoneEvent(m, codec.clockRate());
    Direction direction = offer.directionOf(m).reverse().intersect(wanted);
    boolean mux = m.rtcpMux() && local.rtcpMux();
    MediaDescription.Builder line = MediaDescription.builder("audio", local.rtpPort(), m.proto());
    line.addFormat(Integer.toString(codec.payloadType()));
    te.ifPresent(pt -> line.addFormat(Integer.toString(pt)));
    line.addAttribute("rtpmap", codec.payloadType() + " " + codec.encoding() + "/8000");
    te.ifPresent(pt -> addTelephoneEvent(line, pt));
    List<String> answered = m.proto().equals(MediaDescription.RTP_SAVP) ? crypto : List.of();
    finishMedia(line, direction, mux, answered);
    Connection c = offer.connectionOf(m);
    InetSocketAddress rtp = Endpoints.of(c, m.port());
    NegotiatedStream stream =
        new NegotiatedStream(
            m.proto(),
            codec.encoding(),
            codec.clockRate(),
            codec.payloadType(),
            codec.payloadType(),
            te,
            te,
            m.ptime().orElse(0),
            // c=0.0.0.0 (RFC 3264 §8.4): send neither RTP nor RTCP to the offerer.
            c.isUnspecified() ? direction.intersect(Direction.RECVONLY) : direction,
            rtp,
            rtcpEndpoint(m, c, rtp, mux),
            mux,
            answered,
            m.crypto());
    return new Accept(line.build(), stream);
  }

  /** The RTCP destination: RFC 5761 mux, else RFC 3605 {@code a=rtcp}, else RTP port + 1. */
  private static InetSocketAddress rtcpEndpoint(
      MediaDescription m, Connection c, InetSocketAddress rtp, boolean mux) {
    if (mux) {
      return rtp;
    }
    Optional<RtcpAttribute> attr = m.rtcp();
    if (attr.isPresent()) {
      Connection where = attr.get().connection() == null ? c : attr.get().connection();
      InetSocketAddress endpoint = Endpoints.of(where, attr.get().port());
      if (endpoint != null) {
        return endpoint;
      }
    }
    int port = Math.min(rtp.getPort() + 1, 65535);
    return rtp.isUnresolved()
        ? InetSocketAddress.createUnresolved(rtp.getHostString(), port)
        : new InetSocketAddress(rtp.getAddress(), port);
  }

  /** The payload type of {@code telephone-event} at the clock rate, among the m= line's formats. */
  static OptionalInt telephoneEvent(MediaDescription m, int clockRate) {
    for (Rtpmap map : m.rtpmaps()) {
      if (map.is(TELEPHONE_EVENT, clockRate)
          && m.formats().contains(Integer.toString(map.payloadType()))) {
        return OptionalInt.of(map.payloadType());
      }
    }
    return OptionalInt.empty();
  }

  private static void addTelephoneEvent(MediaDescription.Builder m, int pt) {
    m.addAttribute("rtpmap", pt + " " + TELEPHONE_EVENT + "/8000");
    m.addAttribute("fmtp", pt + " " + EVENTS);
  }

  private static void finishMedia(
      MediaDescription.Builder m, Direction direction, boolean mux, List<String> crypto) {
    m.addAttribute("ptime", Integer.toString(PTIME));
    m.direction(direction);
    if (mux) {
      m.addAttribute(Attribute.flag("rtcp-mux"));
    }
    for (String value : crypto) {
      m.addAttribute("crypto", value);
    }
  }

  private static void checkProto(String proto, List<String> crypto) {
    if (proto.equals(MediaDescription.RTP_SAVP)) {
      if (crypto.isEmpty()) {
        throw new IllegalArgumentException("an RTP/SAVP offer needs a=crypto values");
      }
    } else if (!proto.equals(MediaDescription.RTP_AVP)) {
      throw new IllegalArgumentException("unsupported proto " + proto);
    }
  }

  /**
   * Builds our next description. Same origin every time; the version goes up by one when the
   * content differs from the last description we sent, and stays when it is the same (RFC 3264 §8).
   */
  private SessionDescription stamp(List<MediaDescription> media, List<Timing> timings) {
    SessionDescription.Builder b =
        SessionDescription.builder(origin.withVersion(version))
            .connection(Connection.of(local.address()))
            .timings(timings)
            .media(media);
    SessionDescription sdp = b.build();
    if (lastSent != null && !sdp.equals(lastSent)) {
      version++;
      sdp = b.origin(origin.withVersion(version)).build();
    }
    lastSent = sdp;
    return sdp;
  }
}
