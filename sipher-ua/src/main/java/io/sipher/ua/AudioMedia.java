package io.sipher.ua;

import io.sipher.media.MediaTransform;
import io.sipher.media.audio.AudioSink;
import io.sipher.media.audio.AudioSource;
import io.sipher.media.rtp.RtpSession;
import io.sipher.media.rtp.RtpSessionStats;
import io.sipher.media.rtp.RtpStreamConfig;
import io.sipher.media.sdes.SdesNegotiator;
import io.sipher.media.sdp.AudioNegotiator;
import io.sipher.media.sdp.Direction;
import io.sipher.media.sdp.LocalAudio;
import io.sipher.media.sdp.MediaDescription;
import io.sipher.media.sdp.NegotiatedStream;
import io.sipher.media.sdp.Negotiation;
import io.sipher.media.sdp.SdpParseResult;
import io.sipher.media.sdp.SdpParser;
import io.sipher.media.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A call's audio: one G.711 stream over RTP, or SRTP keyed by SDES (RFC 4568), between an {@link
 * AudioSource} we play and an {@link AudioSink} that records what we hear.
 *
 * <p>The SRTP policy decides what is offered and accepted:
 *
 * <table>
 *   <caption>SRTP policy</caption>
 *   <tr><th>policy</th><th>over TLS end to end (sips:)</th><th>otherwise</th></tr>
 *   <tr><td>{@code MANDATORY}</td><td>offers RTP/SAVP; accepts only RTP/SAVP</td>
 *       <td>refuses: SDES keys would cross a hop in clear (RFC 4568 §8.3)</td></tr>
 *   <tr><td>{@code OPTIONAL}</td><td>offers RTP/SAVP; accepts either</td>
 *       <td>offers and accepts RTP/AVP only</td></tr>
 *   <tr><td>{@code OFF}</td><td colspan="2">offers and accepts RTP/AVP only</td></tr>
 * </table>
 *
 * <p>A re-offer in the call (hold, resume) changes the direction of the running stream; new keys or
 * a new address in a re-offer are not applied yet (the stream goes on with the first ones).
 */
public final class AudioMedia implements CallMedia {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AudioMedia.class);

  /** Whether calls must, may or must not use SRTP. */
  public enum SrtpPolicy {
    MANDATORY,
    OPTIONAL,
    OFF
  }

  private final InetAddress address;
  private final AudioSource source;
  private final AudioSink sink;
  private final SrtpPolicy policy;
  private final SdesNegotiator sdes = SdesNegotiator.withDefaults();
  private RtpSession rtp;
  private AudioNegotiator negotiator;
  private SdesNegotiator.Offer sdesOffer;
  private MediaTransform transform = MediaTransform.NONE;
  private NegotiatedStream stream;
  private String suite;
  private String agreedLocal; // the a=crypto values of the running SRTP stream (when we answered)
  private String agreedRemote;
  private boolean started;
  private final java.util.concurrent.CompletableFuture<Void> playbackDone =
      new java.util.concurrent.CompletableFuture<>();

  /**
   * @param address where we receive media: the address the signalling leaves from is the usual
   *     choice ({@link UserAgent#localAddress})
   */
  public AudioMedia(InetAddress address, AudioSource source, AudioSink sink, SrtpPolicy policy) {
    this.address = address;
    this.source = source;
    this.sink = sink;
    this.policy = policy;
  }

  /** Whether the stream is SRTP, once negotiated. */
  public boolean srtp() {
    return stream != null && stream.secure();
  }

  /** The SRTP suite agreed (RFC 4568 §6.2 name), when the stream is SRTP. */
  public Optional<String> srtpSuite() {
    return srtp() ? Optional.ofNullable(suite) : Optional.empty();
  }

  /** Completes when the source has played to its end (never for an endless one). */
  public java.util.concurrent.CompletionStage<Void> playbackFinished() {
    return playbackDone.minimalCompletionStage();
  }

  /** The negotiated stream, once offer and answer are known. */
  public Optional<NegotiatedStream> stream() {
    return Optional.ofNullable(stream);
  }

  /** Packets, loss and jitter so far; empty before the stream starts. */
  public synchronized Optional<RtpSessionStats> stats() {
    return started ? Optional.of(rtp.stats()) : Optional.empty();
  }

  @Override
  public synchronized byte[] offer(boolean secureSignalling) throws MediaException {
    open();
    List<String> crypto = List.of();
    String proto = MediaDescription.RTP_AVP;
    if (policy == SrtpPolicy.MANDATORY && !secureSignalling) {
      throw new MediaException(
          "SRTP is mandatory, but the signalling is not TLS on every hop (a sips: URI), so its"
              + " SDES keys would travel in clear");
    }
    if (policy != SrtpPolicy.OFF && secureSignalling) {
      sdesOffer = sdes.offer();
      crypto = sdesOffer.attributes();
      proto = MediaDescription.RTP_SAVP;
    }
    SessionDescription offer =
        stream == null
            ? negotiator.createOffer(proto, Direction.SENDRECV, crypto)
            : negotiator.createOffer(proto, stream.direction(), crypto);
    return offer.toBytes();
  }

  @Override
  public synchronized byte[] reoffer(boolean hold, boolean secureSignalling) throws MediaException {
    if (stream == null) {
      throw new MediaException("no session to change yet");
    }
    // The running SRTP keys are offered again, alone: new keys would need a new context.
    List<String> crypto = stream.secure() ? List.of(agreedLocal) : List.of();
    SessionDescription offer =
        hold
            ? negotiator.createHoldOffer(crypto)
            : negotiator.createOffer(stream.proto(), Direction.SENDRECV, crypto);
    return offer.toBytes();
  }

  @Override
  public synchronized void answered(byte[] remoteAnswer, boolean secureSignalling)
      throws MediaException {
    Negotiation n = negotiator.processAnswer(parse(remoteAnswer));
    if (n instanceof Negotiation.Rejected r) {
      throw new MediaException("the answer refuses our audio: " + r.reason());
    }
    NegotiatedStream s = ((Negotiation.Accepted) n).stream();
    if (started) {
      // The answer to a re-offer: the keys must be the ones running (RFC 4568 §7.1.4 would allow
      // new ones; they are not supported yet).
      if (s.secure() && (agreedRemote == null || !s.remoteCrypto().contains(agreedRemote))) {
        throw new MediaException("new SRTP keys in an answer (re-keying is not supported)");
      }
      negotiated(s);
      return;
    }
    if (s.secure()) {
      if (sdesOffer == null) {
        throw new MediaException("the answer is RTP/SAVP, but we offered plain RTP");
      }
      SdesNegotiator.Outcome o = sdesOffer.accept(s.remoteCrypto());
      if (o instanceof SdesNegotiator.Refused r) {
        throw new MediaException("the answer's SRTP keys are not acceptable: " + r.reason());
      }
      SdesNegotiator.Agreement agreed = ((SdesNegotiator.Agreed) o).agreement();
      suite = agreed.suite().sdesName();
      agreedLocal = agreed.localAttribute();
      agreedRemote = s.remoteCrypto().isEmpty() ? null : s.remoteCrypto().get(0);
      keyed(agreed.transform());
    } else if (policy == SrtpPolicy.MANDATORY) {
      throw new MediaException("SRTP is mandatory, and the answer is plain RTP");
    }
    negotiated(s);
  }

  @Override
  public synchronized byte[] answer(byte[] remoteOffer, boolean secureSignalling)
      throws MediaException {
    open();
    SessionDescription offer = parse(remoteOffer);
    MediaDescription audio =
        offer.media().stream()
            .filter(m -> m.media().equals("audio") && m.port() != 0)
            .findFirst()
            .orElseThrow(() -> new MediaException("the offer has no audio stream"));
    List<String> crypto = List.of();
    MediaTransform keys = MediaTransform.NONE;
    if (audio.proto().equals(MediaDescription.RTP_SAVP)) {
      if (!secureSignalling) {
        // RFC 4568 §8.3: keys that crossed a hop in clear protect nothing.
        throw new MediaException("SDES keys offered over signalling that is not TLS end to end");
      }
      if (policy == SrtpPolicy.OFF) {
        throw new MediaException("SRTP is turned off here");
      }
      if (started) {
        // A re-offer (hold, resume) that keeps the keys gets our keys again; new keys would need
        // a new SRTP context for the running stream, which is not supported yet.
        if (agreedRemote == null || !audio.crypto().contains(agreedRemote)) {
          throw new MediaException("a re-offer with new SRTP keys (re-keying is not supported)");
        }
        crypto = List.of(agreedLocal);
      } else {
        SdesNegotiator.Agreement agreed =
            sdes.answer(audio.crypto())
                .orElseThrow(() -> new MediaException("no offered SRTP suite is acceptable"));
        crypto = List.of(agreed.localAttribute());
        keys = agreed.transform();
        suite = agreed.suite().sdesName();
        agreedLocal = agreed.localAttribute();
        agreedRemote =
            audio.crypto().stream()
                .filter(v -> v.startsWith(agreed.tag() + " "))
                .findFirst()
                .orElse(null);
      }
    } else if (policy == SrtpPolicy.MANDATORY) {
      throw new MediaException("SRTP is mandatory, and the offer is plain RTP");
    }
    var answer = negotiator.createAnswer(offer, Direction.SENDRECV, crypto);
    if (answer.negotiation() instanceof Negotiation.Rejected r) {
      throw new MediaException(r.reason());
    }
    if (!started) {
      keyed(keys);
    }
    negotiated(((Negotiation.Accepted) answer.negotiation()).stream());
    return answer.description().toBytes();
  }

  @Override
  public synchronized void start() throws MediaException {
    if (started) {
      return;
    }
    if (stream == null) {
      throw new MediaException("no negotiated stream to start");
    }
    try {
      rtp.start(RtpStreamConfig.of(stream, transform).withLatching(true), source, sink);
      rtp.sourceFinished().whenComplete((v, e) -> playbackDone.complete(null));
      started = true;
    } catch (IOException | RuntimeException e) {
      throw new MediaException("cannot start RTP: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (rtp != null) {
      rtp.close(); // with the source and sink once started
    }
    try {
      sink.close(); // a recording's header is written on close; closing twice is harmless
      source.close();
    } catch (IOException e) {
      log.warn("closing the call's audio: {}", e.getMessage());
    }
  }

  private void open() throws MediaException {
    if (rtp != null) {
      return;
    }
    try {
      rtp = RtpSession.open(address, 0);
    } catch (IOException e) {
      throw new MediaException(
          "no RTP port on " + address.getHostAddress() + ": " + e.getMessage(), e);
    }
    negotiator = new AudioNegotiator(LocalAudio.of(address, rtp.localRtpAddress().getPort()));
  }

  private void keyed(MediaTransform t) {
    if (!started) {
      transform = t;
    }
  }

  private void negotiated(NegotiatedStream s) {
    stream = s;
    if (started) {
      rtp.direction(s.direction()); // hold and resume (RFC 3264 §8.4)
    }
  }

  private static SessionDescription parse(byte[] sdp) throws MediaException {
    SdpParseResult r = new SdpParser().parse(sdp);
    if (r instanceof SdpParseResult.Parsed p) {
      return p.description();
    }
    throw new MediaException("unreadable SDP: " + r);
  }
}
