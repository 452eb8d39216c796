package io.sipher.server.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory credential store for tests; it counts lookups. */
public final class Users implements CredentialStore {
  static final byte[] SECRET = new byte[32];

  static {
    for (int i = 0; i < SECRET.length; i++) {
      SECRET[i] = (byte) (i * 7 + 1);
    }
  }

  private final Map<String, UserCredentials> users = new HashMap<>();
  final AtomicInteger lookups = new AtomicInteger();

  public static Users of(String user, String realm, String password) {
    return new Users().add(user, realm, password);
  }

  public Users add(String user, String realm, String password) {
    users.put(
        user + "@" + realm, UserCredentials.fromPassword(user, realm, password.toCharArray()));
    return this;
  }

  Users add(UserCredentials c) {
    users.put(c.user() + "@" + c.realm(), c);
    return this;
  }

  @Override
  public Optional<UserCredentials> find(String user, String realm) {
    lookups.incrementAndGet();
    return Optional.ofNullable(users.get(user + "@" + realm));
  }
}
