/**
 * SDES (RFC 4568): the {@code a=crypto} attribute ({@link io.sipher.media.sdes.CryptoAttribute})
 * and its offer/answer ({@link io.sipher.media.sdes.SdesNegotiator}), which yields an {@link
 * io.sipher.media.srtp.SrtpTransform}. No type here prints key material in {@code toString()}.
 */
package io.sipher.media.sdes;
