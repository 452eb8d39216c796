/**
 * SRTP and SRTCP (RFC 3711, RFC 7714): {@link io.sipher.media.srtp.SrtpTransform} protects and
 * unprotects the packets of one media stream given a {@link io.sipher.media.srtp.MasterKey} per
 * direction and a {@link io.sipher.media.srtp.SrtpProfile}. Keys usually come from SDES, see {@link
 * io.sipher.media.sdes.SdesNegotiator}.
 *
 * <p>Only JDK primitives are used: AES/ECB for the counter-mode keystream and the key derivation,
 * HmacSHA1, and AES/GCM. Nothing here logs, and no type prints key material.
 */
package io.sipher.media.srtp;
