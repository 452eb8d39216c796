package io.sipher.media.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One media description (RFC 8866 §5.14): the {@code m=} line and the {@code i=}, {@code c=},
 * {@code b=}, {@code k=} and {@code a=} lines that follow it, attributes in their order.
 *
 * @param port 0 marks a stream rejected or removed (RFC 3264 §6, §8.2)
 * @param portCount the {@code /<number of ports>} suffix, 1 when absent
 * @param formats the format list; for RTP profiles, payload type numbers
 * @param otherLines {@code i=} and {@code k=} lines, as written
 * @param connection this description's {@code c=}, or null when the session's applies
 */
public record MediaDescription(
    String media,
    int port,
    int portCount,
    String proto,
    List<String> formats,
    List<SdpLine> otherLines,
    Connection connection,
    List<Bandwidth> bandwidths,
    List<Attribute> attributes) {

  /** Plain RTP (RFC 3551). */
  public static final String RTP_AVP = "RTP/AVP";

  /** Secure RTP (RFC 3711 §12). */
  public static final String RTP_SAVP = "RTP/SAVP";

  public MediaDescription {
    Objects.requireNonNull(media, "media");
    Objects.requireNonNull(proto, "proto");
    if (port < 0 || port > 65535 || portCount < 1) {
      throw new IllegalArgumentException("bad port " + port + "/" + portCount);
    }
    formats = List.copyOf(formats);
    if (formats.isEmpty()) {
      throw new IllegalArgumentException("an m= line needs at least one format (RFC 8866 §5.14)");
    }
    otherLines = List.copyOf(otherLines);
    bandwidths = List.copyOf(bandwidths);
    attributes = List.copyOf(attributes);
  }

  /** A builder for a new description. */
  public static Builder builder(String media, int port, String proto) {
    return new Builder(media, port, proto);
  }

  /** A builder holding this description's content. */
  public Builder toBuilder() {
    Builder b = new Builder(media, port, proto);
    b.portCount = portCount;
    b.formats.addAll(formats);
    b.otherLines.addAll(otherLines);
    b.connection = connection;
    b.bandwidths.addAll(bandwidths);
    b.attributes.addAll(attributes);
    return b;
  }

  /** This description with another port, e.g. 0 to reject it. */
  public MediaDescription withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  /** Whether the port is 0: rejected in an answer, removed in an offer (RFC 3264 §6, §8.2). */
  public boolean isRejected() {
    return port == 0;
  }

  /** Whether an attribute with this name is present. */
  public boolean hasAttribute(String name) {
    return attributes.stream().anyMatch(a -> a.name().equals(name));
  }

  /** The values of every attribute with this name, in order; property attributes give "". */
  public List<String> attributeValues(String name) {
    List<String> values = new ArrayList<>();
    for (Attribute a : attributes) {
      if (a.name().equals(name)) {
        values.add(a.value() == null ? "" : a.value());
      }
    }
    return values;
  }

  /** The valid {@code a=rtpmap} values, in order. */
  public List<Rtpmap> rtpmaps() {
    List<Rtpmap> maps = new ArrayList<>();
    for (String v : attributeValues("rtpmap")) {
      Rtpmap.parse(v).ifPresent(maps::add);
    }
    return maps;
  }

  /** The rtpmap of a payload type, if there is a valid one. */
  public Optional<Rtpmap> rtpmap(int payloadType) {
    return rtpmaps().stream().filter(m -> m.payloadType() == payloadType).findFirst();
  }

  /** The format parameters of a payload type ({@code a=fmtp}, RFC 8866 §6.15), if any. */
  public Optional<String> fmtp(int payloadType) {
    String prefix = payloadType + " ";
    for (String v : attributeValues("fmtp")) {
      if (v.startsWith(prefix)) {
        return Optional.of(v.substring(prefix.length()).trim());
      }
    }
    return Optional.empty();
  }

  /** The packet time in milliseconds ({@code a=ptime}, RFC 8866 §6.4), if valid. */
  public OptionalInt ptime() {
    for (String v : attributeValues("ptime")) {
      // RFC 4566 wrote "ptime:20", some send "20.0": the integer part is what counts.
      int dot = v.indexOf('.');
      long ms = Numbers.parse(dot < 0 ? v.trim() : v.substring(0, dot).trim(), 10_000);
      if (ms > 0) {
        return OptionalInt.of((int) ms);
      }
    }
    return OptionalInt.empty();
  }

  /** The direction attribute of this description, if it has one. */
  public Optional<Direction> direction() {
    for (Attribute a : attributes) {
      if (!a.hasValue()) {
        Optional<Direction> d = Direction.fromAttribute(a.name());
        if (d.isPresent()) {
          return d;
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code a=crypto} values (RFC 4568), as written. They are negotiated by the SDES layer, not
   * here.
   */
  public List<String> crypto() {
    return attributeValues("crypto");
  }

  /** Whether {@code a=rtcp-mux} (RFC 5761 §5.1.1) is present. */
  public boolean rtcpMux() {
    return hasAttribute("rtcp-mux");
  }

  /** The RFC 3605 {@code a=rtcp} attribute, if present and valid. */
  public Optional<RtcpAttribute> rtcp() {
    for (String v : attributeValues("rtcp")) {
      Optional<RtcpAttribute> r = RtcpAttribute.parse(v);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** The value of the {@code m=} line. */
  public String mediaLineValue() {
    StringBuilder sb = new StringBuilder(media).append(' ').append(port);
    if (portCount > 1) {
      sb.append('/').append(portCount);
    }
    sb.append(' ').append(proto);
    for (String f : formats) {
      sb.append(' ').append(f);
    }
    return sb.toString();
  }

  /** Assembles a {@link MediaDescription}. */
  public static final class Builder {
    private String media;
    private int port;
    private int portCount = 1;
    private String proto;
    private final List<String> formats = new ArrayList<>();
    private final List<SdpLine> otherLines = new ArrayList<>();
    private Connection connection;
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private final List<Attribute> attributes = new ArrayList<>();

    private Builder(String media, int port, String proto) {
      this.media = media;
      this.port = port;
      this.proto = proto;
    }

    public Builder media(String value) {
      this.media = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder portCount(int value) {
      this.portCount = value;
      return this;
    }

    public Builder proto(String value) {
      this.proto = value;
      return this;
    }

    public Builder formats(List<String> values) {
      formats.clear();
      formats.addAll(values);
      return this;
    }

    public Builder addFormat(String value) {
      formats.add(value);
      return this;
    }

    public Builder addOtherLine(SdpLine line) {
      otherLines.add(line);
      return this;
    }

    public Builder connection(Connection value) {
      this.connection = value;
      return this;
    }

    public Builder addBandwidth(Bandwidth value) {
      bandwidths.add(value);
      return this;
    }

    /** Appends an attribute; a null value makes a property attribute. */
    public Builder addAttribute(String name, String value) {
      attributes.add(new Attribute(name, value));
      return this;
    }

    public Builder addAttribute(Attribute attribute) {
      attributes.add(attribute);
      return this;
    }

    /** Removes every attribute with this name. */
    public Builder removeAttributes(String name) {
      attributes.removeIf(a -> a.name().equals(name));
      return this;
    }

    /** Replaces any direction attribute with this one. */
    public Builder direction(Direction direction) {
      attributes.removeIf(a -> !a.hasValue() && Direction.fromAttribute(a.name()).isPresent());
      attributes.add(Attribute.flag(direction.attribute()));
      return this;
    }

    public MediaDescription build() {
      return new MediaDescription(
          media, port, portCount, proto, formats, otherLines, connection, bandwidths, attributes);
    }
  }
}
