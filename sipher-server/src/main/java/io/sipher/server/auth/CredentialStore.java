package io.sipher.server.auth;

import java.util.Optional;

/**
 * Where the authenticator finds users. Implementations must answer from memory or a cache: the
 * authenticator runs on network threads (ARCHITECTURE decision 6).
 */
public interface CredentialStore {
  /** The credentials of {@code user} in {@code realm}, if such a user exists. */
  Optional<UserCredentials> find(String user, String realm);
}
