package io.sipher.media.sdes;

import io.sipher.media.sdes.CryptoAttribute.Invalid;
import io.sipher.media.sdes.CryptoAttribute.Parsed;
import io.sipher.media.srtp.MasterKey;
import io.sipher.media.srtp.SrtpOptions;
import io.sipher.media.srtp.SrtpProfile;
import io.sipher.media.srtp.SrtpTransform;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * SDES key exchange for one media stream (RFC 4568 §7.1), in and out as {@code a=crypto} attribute
 * values, so an SDP layer needs no other type from here than the resulting transform.
 *
 * <p>Offerer: {@link #offer()}, put {@link Offer#attributes()} in the offer, then pass the answer's
 * crypto values to {@link Offer#accept(List)}. Answerer: {@link #answer(List)}; empty means no
 * offered line is acceptable and the stream (or the whole offer) is refused, typically with 488.
 *
 * <p>A line is acceptable when its suite is one of ours, it has one key without MKI (MKI is not
 * supported), and every session parameter is one we can honour. We never weaken SRTP: lines
 * carrying {@code UNENCRYPTED_SRTP}, {@code UNENCRYPTED_SRTCP} or {@code UNAUTHENTICATED_SRTP}
 * (§6.3.2, §6.3.3) are refused, as are {@code KDR} (only rate 0 is implemented), {@code FEC_KEY}
 * and unknown parameters that do not start with "-". {@code WSH} and {@code FEC_ORDER} are accepted
 * and have no effect: the replay window is {@link SrtpOptions#replayWindow()} and there is no FEC.
 *
 * <p>SDES puts keys in the SDP, so it is only safe over a signalling path that is encrypted and
 * authenticated hop by hop (SIP over TLS, RFC 4568 §8.3). Thread-safe; keys come from the {@link
 * SecureRandom} given.
 */
public final class SdesNegotiator {
  /** Offered in this order by default: the AEAD suites first, then the RFC 4568 ones. */
  public static final List<SrtpProfile> DEFAULT_SUITES =
      List.of(
          SrtpProfile.AEAD_AES_256_GCM,
          SrtpProfile.AEAD_AES_128_GCM,
          SrtpProfile.AES_CM_128_HMAC_SHA1_80,
          SrtpProfile.AES_CM_128_HMAC_SHA1_32);

  private final List<SrtpProfile> suites;
  private final SecureRandom random;
  private final SrtpOptions options;

  /**
   * @param suites the suites we accept, in the order we offer them
   * @param random the source of master keys
   * @param options limits of the transforms made
   */
  public SdesNegotiator(List<SrtpProfile> suites, SecureRandom random, SrtpOptions options) {
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("no suites");
    }
    this.suites = List.copyOf(suites);
    this.random = Objects.requireNonNull(random);
    this.options = Objects.requireNonNull(options);
  }

  /** {@link #DEFAULT_SUITES}, a new {@link SecureRandom} and {@link SrtpOptions#DEFAULTS}. */
  public static SdesNegotiator withDefaults() {
    return new SdesNegotiator(DEFAULT_SUITES, new SecureRandom(), SrtpOptions.DEFAULTS);
  }

  /** An offer with one line per suite, tags 1, 2, ... in preference order, each its own key. */
  public Offer offer() {
    List<CryptoAttribute> lines = new ArrayList<>(suites.size());
    for (SrtpProfile suite : suites) {
      lines.add(CryptoAttribute.of(lines.size() + 1, suite, MasterKey.generate(suite, random)));
    }
    return new Offer(lines, options);
  }

  /**
   * Answers an offer's crypto values for one stream (RFC 4568 §7.1.2): the first line, in the
   * offerer's order, that parses and is acceptable is answered with its tag and suite and a fresh
   * key of ours. Lines that do not parse or are not acceptable are skipped, as the RFC asks.
   *
   * @return the agreement, or empty if no line is acceptable (refuse the stream, e.g. 488)
   */
  public Optional<Agreement> answer(List<String> offeredCryptoValues) {
    for (String value : offeredCryptoValues) {
      CryptoAttribute.ParseResult parsed = CryptoAttribute.parse(value);
      if (!(parsed instanceof Parsed)) {
        continue;
      }
      CryptoAttribute offered = ((Parsed) parsed).attribute();
      if (!suites.contains(offered.suite()) || refusal(offered) != null) {
        continue;
      }
      MasterKey theirs = offered.key().masterKey();
      MasterKey ours = MasterKey.generate(offered.suite(), random);
      // §7.1.2: the answer's key must differ from the offer's. A collision of fresh random keys
      // is not going to happen; this makes it impossible rather than improbable.
      while (ours.sameSecretAs(theirs)) {
        ours = MasterKey.generate(offered.suite(), random);
      }
      CryptoAttribute answer = CryptoAttribute.of(offered.tag(), offered.suite(), ours);
      return Optional.of(
          new Agreement(
              answer.tag(),
              answer.suite(),
              answer.format(),
              SrtpTransform.create(offered.suite(), ours, theirs, options)));
    }
    return Optional.empty();
  }

  /**
   * Why sipher will not use {@code line} with these keys, or null if it will. Suites are checked by
   * the caller.
   */
  static String refusal(CryptoAttribute line) {
    if (line.keys().size() != 1 || line.key().hasMki()) {
      return "MKI is not supported";
    }
    for (String p : line.sessionParams()) {
      String name = p.toUpperCase(Locale.ROOT);
      int eq = name.indexOf('=');
      name = eq < 0 ? name : name.substring(0, eq);
      switch (name) {
        case "UNENCRYPTED_SRTP":
        case "UNENCRYPTED_SRTCP":
        case "UNAUTHENTICATED_SRTP":
          return name + " would weaken SRTP";
        case "KDR":
          return "key derivation rates other than 0 are not supported";
        case "FEC_KEY":
          return "FEC_KEY is not supported";
        case "WSH":
        case "FEC_ORDER":
          break;
        default:
          // §9.2: an extension parameter that starts with "-" is optional and may be ignored; one
          // that does not is mandatory, and we understand none.
          if (!name.startsWith("-")) {
            return "unknown session parameter " + p;
          }
      }
    }
    return null;
  }

  /**
   * The lines of an offer and the keys behind them. {@link #accept} may be called once per answer,
   * so forked answers each get their own transform. {@link #toString()} never shows the keys.
   */
  public static final class Offer {
    private final List<CryptoAttribute> lines;
    private final SrtpOptions options;

    Offer(List<CryptoAttribute> lines, SrtpOptions options) {
      this.lines = List.copyOf(lines);
      this.options = options;
    }

    /** The {@code a=crypto} values to put in the offer, in preference order. */
    public List<String> attributes() {
      List<String> values = new ArrayList<>(lines.size());
      for (CryptoAttribute line : lines) {
        values.add(line.format());
      }
      return values;
    }

    /**
     * Processes the answer's crypto values for this stream (RFC 4568 §7.1.3): there must be exactly
     * one, whose tag is one we offered and whose suite is that line's; its key is the peer's
     * sending key.
     */
    public Outcome accept(List<String> answeredCryptoValues) {
      if (answeredCryptoValues.size() != 1) {
        return new Refused(
            "the answer must carry exactly one crypto attribute, not "
                + answeredCryptoValues.size());
      }
      CryptoAttribute.ParseResult parsed = CryptoAttribute.parse(answeredCryptoValues.get(0));
      if (parsed instanceof Invalid) {
        return new Refused("the answer's crypto attribute: " + ((Invalid) parsed).reason());
      }
      CryptoAttribute answer = ((Parsed) parsed).attribute();
      CryptoAttribute ours = null;
      for (CryptoAttribute line : lines) {
        if (line.tag() == answer.tag()) {
          ours = line;
        }
      }
      if (ours == null) {
        return new Refused("the answer's tag " + answer.tag() + " was not offered");
      }
      if (ours.suite() != answer.suite()) {
        return new Refused(
            "tag "
                + answer.tag()
                + " was offered as "
                + ours.suite()
                + ", answered as "
                + answer.suite());
      }
      String refusal = refusal(answer);
      if (refusal != null) {
        return new Refused(refusal);
      }
      MasterKey sending = ours.key().masterKey();
      MasterKey receiving = answer.key().masterKey();
      if (sending.sameSecretAs(receiving)) {
        return new Refused("the answer reuses the offered key (RFC 4568 §7.1.2)");
      }
      return new Agreed(
          new Agreement(
              ours.tag(),
              ours.suite(),
              ours.format(),
              SrtpTransform.create(ours.suite(), sending, receiving, options)));
    }

    @Override
    public String toString() {
      return "Offer" + lines;
    }
  }

  /** What the offerer made of an answer. */
  public sealed interface Outcome permits Agreed, Refused {}

  /** The answer is acceptable; SRTP may start. */
  public record Agreed(Agreement agreement) implements Outcome {}

  /**
   * The answer is not acceptable; {@code reason} is fit for a log and never holds key material. The
   * offerer should end or re-negotiate the stream rather than send media in the clear.
   */
  public record Refused(String reason) implements Outcome {}

  /**
   * A negotiated stream: the chosen line and the transform keyed from it (our key sending, the
   * peer's receiving).
   */
  public static final class Agreement {
    private final int tag;
    private final SrtpProfile suite;
    private final String localAttribute;
    private final SrtpTransform transform;

    Agreement(int tag, SrtpProfile suite, String localAttribute, SrtpTransform transform) {
      this.tag = tag;
      this.suite = suite;
      this.localAttribute = localAttribute;
      this.transform = transform;
    }

    public int tag() {
      return tag;
    }

    public SrtpProfile suite() {
      return suite;
    }

    /**
     * The {@code a=crypto} value this side sent or is to send for the chosen line: the answerer's
     * answer line, or the offerer's chosen offer line. It contains our key in the clear.
     */
    public String localAttribute() {
      return localAttribute;
    }

    /** The transform for this stream's packets. */
    public SrtpTransform transform() {
      return transform;
    }

    @Override
    public String toString() {
      return "Agreement[tag=" + tag + ", " + suite + ", keys redacted]";
    }
  }
}
