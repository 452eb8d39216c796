package io.sipher.media.sdp;

/**
 * The answer to a remote offer and what it agreed to.
 *
 * @param description the SDP to send; rejected streams have port 0, and when every stream is
 *     rejected the caller may send it or refuse the offer instead (RFC 3264 §6: 488 in SIP)
 * @param negotiation the accepted audio stream, or why there is none
 */
public record Answer(SessionDescription description, Negotiation negotiation) {}
