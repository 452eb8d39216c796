package io.sipher.server.store;

import io.sipher.message.auth.DigestAlgorithm;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code sipher user list} shows of a user: never the HA1 values, only which algorithms have
 * one.
 *
 * @param user the digest username
 * @param realm the realm the HA1 values belong to
 * @param algorithms the algorithms the user can authenticate with, strongest first
 * @param certIdentity the client-certificate identity bound to this user (a SAN URI such as {@code
 *     sip:alice@example.com}), or null
 * @param created when the user was added
 * @param updated when the credentials or the identity last changed
 */
public record UserInfo(
    String user,
    String realm,
    Set<DigestAlgorithm> algorithms,
    String certIdentity,
    Instant created,
    Instant updated) {

  public UserInfo {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(realm, "realm");
    EnumSet<DigestAlgorithm> copy = EnumSet.noneOf(DigestAlgorithm.class);
    copy.addAll(algorithms);
    algorithms = Collections.unmodifiableSet(copy);
  }
}
