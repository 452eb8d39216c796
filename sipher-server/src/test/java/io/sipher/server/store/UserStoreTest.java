package io.sipher.server.store;

import static io.sipher.server.store.SqliteStoreTest.pw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.server.auth.UserCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

  @TempDir Path dir;
  SqliteStore store;
  UserStore users;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("sipher.db"));
    users = store.users();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static UserCredentials alice(String password) {
    return UserCredentials.fromPassword("alice", "example.com", pw(password));
  }

  @Test
  void add_thenFind_returnsEveryHa1() {
    UserCredentials creds = alice("secret");
    users.add(creds, "sip:alice@example.com");
    assertThat(users.find("alice", "example.com")).contains(creds);
    assertThat(users.find("alice", "other.example.com")).isEmpty();
    assertThat(users.find("Alice", "example.com")).isEmpty(); // digest usernames are exact
  }

  @Test
  void add_existingUser_isRefusedAsDuplicate() {
    users.add(alice("one"), null);
    assertThatThrownBy(() -> users.add(alice("two"), null))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE))
        .hasMessageContaining("user alice already exists in realm example.com");
    assertThat(users.find("alice", "example.com")).contains(alice("one"));
  }

  @Test
  void sameNameInAnotherRealm_isAnotherUser() {
    users.add(alice("one"), null);
    users.add(UserCredentials.fromPassword("alice", "b.example.com", pw("x")), null);
    assertThat(users.list())
        .extracting(UserInfo::realm)
        .containsExactly("b.example.com", "example.com");
  }

  @Test
  void certIdentity_boundToOneUserOnly() {
    users.add(alice("one"), "sip:alice@example.com");
    assertThatThrownBy(
            () ->
                users.add(
                    UserCredentials.fromPassword("bob", "example.com", pw("x")),
                    " sip:alice@example.com "))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.DUPLICATE))
        .hasMessageContaining("already bound to user alice");
    assertThat(users.find("bob", "example.com")).isEmpty(); // nothing half-added
    assertThat(users.findByCertIdentity("sip:alice@example.com"))
        .map(UserInfo::user)
        .contains("alice");

    users.setCertIdentity("alice", "example.com", null);
    assertThat(users.findByCertIdentity("sip:alice@example.com")).isEmpty();
  }

  @Test
  void list_showsAlgorithmsAndIdentityButNeverHa1() {
    UserCredentials creds = alice("secret");
    users.add(creds, "sip:alice@example.com");
    users.add(
        new UserCredentials(
            "old-phone",
            "example.com",
            Map.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5.hash("old-phone:example.com:x"))),
        null);

    assertThat(users.list())
        .satisfiesExactly(
            a -> {
              assertThat(a.user()).isEqualTo("alice");
              assertThat(a.algorithms()).containsExactly(DigestAlgorithm.values());
              assertThat(a.certIdentity()).isEqualTo("sip:alice@example.com");
              assertThat(a.created()).isNotNull().isEqualTo(a.updated());
            },
            b -> {
              assertThat(b.user()).isEqualTo("old-phone");
              assertThat(b.algorithms()).containsExactly(DigestAlgorithm.MD5);
              assertThat(b.certIdentity()).isNull();
            });
    String printed = users.list().toString() + users.find("alice", "example.com").orElseThrow();
    for (String ha1 : creds.ha1().values()) {
      assertThat(printed).doesNotContain(ha1);
    }
  }

  @Test
  void updateCredentials_replacesEveryHa1() {
    users.add(alice("old"), null);
    UserCredentials md5Only =
        new UserCredentials(
            "alice",
            "example.com",
            Map.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5.hash("alice:example.com:new")));
    users.updateCredentials(md5Only);
    assertThat(users.find("alice", "example.com")).contains(md5Only);
    UserInfo info = users.info("alice", "example.com").orElseThrow();
    assertThat(info.updated()).isAfterOrEqualTo(info.created());
  }

  @Test
  void updateCredentials_ofUnknownUser_isNotFound() {
    assertThatThrownBy(() -> users.updateCredentials(alice("x")))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND))
        .hasMessageContaining("no user alice in realm example.com");
    assertThat(users.list()).isEmpty();
  }

  @Test
  void delete_removesUserAndHa1() throws Exception {
    users.add(alice("x"), null);
    assertThat(users.delete("alice", "example.com")).isTrue();
    assertThat(users.delete("alice", "example.com")).isFalse();
    assertThat(users.find("alice", "example.com")).isEmpty();
    try (var c = SqliteStoreTest.raw(store.file())) {
      assertThat(SqliteStoreTest.query(c, "SELECT count(*) FROM user_ha1")).containsExactly("0");
    }
  }

  @Test
  void malformedCredentials_areRefused() {
    assertThatThrownBy(
            () -> users.add(new UserCredentials("", "example.com", alice("x").ha1()), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user");
    assertThatThrownBy(() -> users.add(new UserCredentials("a", "example.com", Map.of()), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one algorithm");
    assertThatThrownBy(
            () ->
                users.add(
                    new UserCredentials(
                        "a", "example.com", Map.of(DigestAlgorithm.SHA_256, "abc123")),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 hex digits");
    assertThatThrownBy(
            () ->
                users.add(
                    new UserCredentials(
                        "a", "example.com", Map.of(DigestAlgorithm.MD5, "z".repeat(32))),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 hex digits");
  }

  @Test
  void cache_seesEditsFromAnotherProcessOnRefresh() {
    users.add(alice("one"), "sip:alice@example.com");
    // A poll interval far beyond the test: only explicit refreshes happen.
    try (CachedCredentials cache = CachedCredentials.start(users, Duration.ofHours(1));
        SqliteStore cli = SqliteStore.open(store.file())) {
      assertThat(cache.find("alice", "example.com")).contains(alice("one"));
      assertThat(cache.findByCertIdentity("sip:alice@example.com")).isPresent();
      assertThat(cache.refreshIfChanged()).isFalse();

      cli.users().updateCredentials(alice("two"));
      cli.users().add(UserCredentials.fromPassword("bob", "example.com", pw("b")), null);
      assertThat(cache.find("alice", "example.com")).contains(alice("one")); // until refreshed

      assertThat(cache.refreshIfChanged()).isTrue();
      assertThat(cache.find("alice", "example.com")).contains(alice("two"));
      assertThat(cache.size()).isEqualTo(2);

      cli.users().delete("alice", "example.com");
      assertThat(cache.refreshIfChanged()).isTrue();
      assertThat(cache.find("alice", "example.com")).isEmpty();
      assertThat(cache.findByCertIdentity("sip:alice@example.com")).isEmpty();
    }
  }

  @Test
  void cache_seesEditsThroughTheSameStore() {
    try (CachedCredentials cache = CachedCredentials.start(users, Duration.ofHours(1))) {
      assertThat(cache.size()).isZero();
      users.add(alice("one"), null);
      assertThat(cache.refreshIfChanged()).isTrue();
      assertThat(cache.find("alice", "example.com")).contains(alice("one"));
    }
  }

  @Test
  void cache_bindingWritesOnTheSameConnection_doNotCauseReloads() {
    users.add(alice("one"), null);
    try (CachedCredentials cache = CachedCredentials.start(users, Duration.ofHours(1))) {
      store.bindings().save(TestBindings.binding("sip:alice@example.com", "sips:a@192.0.2.1"));
      assertThat(cache.refreshIfChanged()).isFalse();
    }
  }

  @Test
  void cache_pollsInTheBackground() {
    try (CachedCredentials cache = CachedCredentials.start(users, Duration.ofMillis(20));
        SqliteStore cli = SqliteStore.open(store.file())) {
      cli.users().add(alice("one"), null);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cache.find("alice", "example.com").isPresent());
    }
  }
}
