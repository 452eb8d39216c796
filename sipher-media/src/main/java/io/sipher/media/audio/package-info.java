/**
 * Audio for the media path: 8 kHz mono 16-bit PCM in 20 ms frames. G.711 companding ({@link
 * io.sipher.media.audio.G711}), WAV files, sources and sinks, and {@link
 * io.sipher.media.audio.CrossCorrelation} to compare recordings.
 */
package io.sipher.media.audio;
