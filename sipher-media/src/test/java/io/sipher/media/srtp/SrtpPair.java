package io.sipher.media.srtp;

import java.util.Random;

/** Two transforms facing each other, as the two ends of one call, with test keys. */
final class SrtpPair {
  final SrtpTransform alice;
  final SrtpTransform bob;

  SrtpPair(SrtpProfile profile, SrtpOptions options, long lifetime) {
    // Fixed seeds: tests are repeatable, and these keys protect nothing.
    Random random = new Random(profile.ordinal());
    MasterKey a = key(profile, random, lifetime);
    MasterKey b = key(profile, random, lifetime);
    alice = SrtpTransform.create(profile, a, b, options);
    bob = SrtpTransform.create(profile, b, a, options);
  }

  SrtpPair(SrtpProfile profile) {
    this(profile, SrtpOptions.DEFAULTS, 0);
  }

  private static MasterKey key(SrtpProfile profile, Random random, long lifetime) {
    byte[] key = new byte[profile.masterKeyLength()];
    byte[] salt = new byte[profile.masterSaltLength()];
    random.nextBytes(key);
    random.nextBytes(salt);
    MasterKey k = MasterKey.of(key, salt);
    return lifetime == 0 ? k : k.withLifetime(lifetime);
  }
}
