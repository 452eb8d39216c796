/**
 * SDP (RFC 8866) and offer/answer (RFC 3264) for one audio stream.
 *
 * <p>{@link io.sipher.media.sdp.SdpParser} turns a body into an immutable {@link
 * io.sipher.media.sdp.SessionDescription} or a line-numbered error; {@link
 * io.sipher.media.sdp.SdpWriter} writes one back with CRLF. {@link
 * io.sipher.media.sdp.AudioNegotiator} makes offers and answers for G.711 with RFC 4733 events and
 * yields a {@link io.sipher.media.sdp.NegotiatedStream}, which the RTP session runs. {@code
 * a=crypto} values pass through untouched: the SDES layer negotiates them.
 */
package io.sipher.media.sdp;
