package io.sipher.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void instants_areFixedWidthAndExact() {
    Instant t = Instant.parse("2030-01-02T03:04:05.120Z");
    assertThat(Codec.instant(t)).isEqualTo("2030-01-02T03:04:05.120000000Z");
    assertThat(Codec.instant(Codec.instant(t))).isEqualTo(t);
    assertThat(Codec.instant(Instant.EPOCH).compareTo(Codec.instant(Instant.EPOCH.plusNanos(1))))
        .isNegative();
    assertThat(Codec.instant((Instant) null)).isNull();
  }

  @Test
  void jsonArrays_roundTrip() {
    List<String> values = List.of("", "a\"b\\c", "\n\r\t\u0001", "é€😀", "<sip:x;lr>");
    String json = Codec.jsonArray(values);
    assertThat(Codec.parseJsonArray(json)).isEqualTo(values);
    assertThat(Codec.jsonArray(List.of())).isEqualTo("[]");
    assertThat(Codec.parseJsonArray(" [ \"a\" , \"\\u00e9\\/\" ] ")).containsExactly("a", "é/");
  }

  @Test
  void malformedJson_isRefused() {
    for (String bad : List.of("", "[", "[\"a\"", "[\"a\",]", "[1]", "[\"a\"] x", "[\"\\x\"]")) {
      assertThatThrownBy(() -> Codec.parseJsonArray(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
