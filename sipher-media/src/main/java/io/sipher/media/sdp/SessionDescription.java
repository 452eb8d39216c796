package io.sipher.media.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable SDP session description (RFC 8866 §5): the session-level part ({@code v=0}, {@code
 * o=}, {@code s=}, {@code c=}, {@code b=}, {@code t=} and attributes) and the media descriptions in
 * order. Values from {@link SdpParser}; written by {@link SdpWriter} ({@link #toString()}).
 *
 * @param otherLines {@code i=}, {@code u=}, {@code e=}, {@code p=}, {@code z=} and {@code k=} lines
 *     kept as written
 * @param connection the session-level {@code c=}, or null when every media description has one
 * @param timings at least one {@code t=} line
 */
public record SessionDescription(
    Origin origin,
    String sessionName,
    List<SdpLine> otherLines,
    Connection connection,
    List<Bandwidth> bandwidths,
    List<Timing> timings,
    List<Attribute> attributes,
    List<MediaDescription> media) {

  public SessionDescription {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(sessionName, "sessionName");
    otherLines = List.copyOf(otherLines);
    bandwidths = List.copyOf(bandwidths);
    timings = List.copyOf(timings);
    if (timings.isEmpty()) {
      throw new IllegalArgumentException("a session description needs a t= line (RFC 8866 §5.9)");
    }
    attributes = List.copyOf(attributes);
    media = List.copyOf(media);
  }

  /** A builder for a new description; the session name defaults to "-" and timing to 0 0. */
  public static Builder builder(Origin origin) {
    return new Builder(origin);
  }

  /** A builder holding this description's content. */
  public Builder toBuilder() {
    Builder b = new Builder(origin);
    b.sessionName = sessionName;
    b.otherLines.addAll(otherLines);
    b.connection = connection;
    b.bandwidths.addAll(bandwidths);
    b.timings.clear();
    b.timings.addAll(timings);
    b.attributes.addAll(attributes);
    b.media.addAll(media);
    return b;
  }

  /** The session-level direction attribute, if any. */
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
   * The direction of a media description: its own attribute, else the session's, else sendrecv (RFC
   * 3264 §5.1).
   */
  public Direction directionOf(MediaDescription m) {
    return m.direction().or(this::direction).orElse(Direction.SENDRECV);
  }

  /** The connection that applies to a media description: its own, else the session's, or null. */
  public Connection connectionOf(MediaDescription m) {
    return m.connection() != null ? m.connection() : connection;
  }

  /** The description written with CRLF line ends. */
  @Override
  public String toString() {
    return SdpWriter.write(this);
  }

  /** The description as UTF-8 bytes, ready for a message body. */
  public byte[] toBytes() {
    return toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Assembles a {@link SessionDescription}. */
  public static final class Builder {
    private Origin origin;
    private String sessionName = "-";
    private final List<SdpLine> otherLines = new ArrayList<>();
    private Connection connection;
    private final List<Bandwidth> bandwidths = new ArrayList<>();
    private final List<Timing> timings = new ArrayList<>(List.of(Timing.PERMANENT));
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    private Builder(Origin origin) {
      this.origin = origin;
    }

    public Builder origin(Origin value) {
      this.origin = value;
      return this;
    }

    public Builder sessionName(String value) {
      this.sessionName = value;
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

    /** Replaces the timings. */
    public Builder timings(List<Timing> values) {
      timings.clear();
      timings.addAll(values);
      return this;
    }

    /** Appends an attribute; a null value makes a property attribute. */
    public Builder addAttribute(String name, String value) {
      attributes.add(new Attribute(name, value));
      return this;
    }

    public Builder addMedia(MediaDescription value) {
      media.add(value);
      return this;
    }

    /** Replaces the media descriptions. */
    public Builder media(List<MediaDescription> values) {
      media.clear();
      media.addAll(values);
      return this;
    }

    public SessionDescription build() {
      return new SessionDescription(
          origin, sessionName, otherLines, connection, bandwidths, timings, attributes, media);
    }
  }
}
