/**
 * RTP and RTCP (RFC 3550) for one audio stream.
 *
 * <p>Wire formats: {@link io.sipher.media.rtp.RtpPacket}, {@link io.sipher.media.rtp.RtcpCodec}
 * with {@link io.sipher.media.rtp.RtcpPacket}, {@link io.sipher.media.rtp.TelephoneEvent} (RFC
 * 4733). Receiver state: {@link io.sipher.media.rtp.RtpStatistics} (§A.1, §A.3, §A.8) and the
 * {@link io.sipher.media.rtp.JitterBuffer}. {@link io.sipher.media.rtp.RtpSession} puts them on a
 * socket pair with a {@link io.sipher.media.MediaTransform} (plain RTP or SRTP).
 */
package io.sipher.media.rtp;
