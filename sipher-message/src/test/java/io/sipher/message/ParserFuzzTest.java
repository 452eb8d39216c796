package io.sipher.message;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sipher.message.body.MultipartBody;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.header.TypedHeader;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.validate.MessageValidator;

/**
 * Fuzzes the datagram parser, the stream framer (with the input cut in two at a point the input
 * chooses), every typed header view, the Request-URI, multipart bodies, validation and
 * re-serialization. The only exception allowed out of the codec is {@link SipParseException}, on
 * typed access; anything else, an out-of-memory or a hang, is a bug.
 *
 * <p>The normal suite fuzzes for {@code fuzz.seconds} (60 by default, set in the build); run longer
 * with {@code ./mvnw -pl sipher-message test -Dtest=ParserFuzzTest -Djazzer.max_duration=30m}.
 * Seeds live in {@code src/test/resources/.../ParserFuzzTestInputs}.
 */
class ParserFuzzTest {
  private static final SipParser PARSER =
      new SipParser(ParserLimits.DEFAULTS.withMaxMessageBytes(8192));
  private static final MessageValidator VALIDATOR = new MessageValidator();

  @FuzzTest(maxDuration = "60s")
  // libFuzzer dictionary syntax: \xNN escapes, \" and \\ for quote and backslash.
  @DictionaryEntries({
    "SIP/2.0",
    "SIP/2.0/TLS ",
    "\\x0d\\x0a",
    "\\x0d\\x0a\\x0d\\x0a",
    "Via: ",
    "v: ",
    "From: ",
    "To: ",
    "Call-ID: ",
    "CSeq: ",
    "Contact: ",
    "Content-Length: ",
    "l: ",
    "Content-Type: multipart/mixed;boundary=b",
    "--b",
    "--b--",
    ";branch=z9hG4bK",
    ";received=",
    ";rport",
    ";tag=",
    "sips:",
    "sip:",
    "tel:+1",
    "<",
    ">",
    "\\\"",
    "\\\\",
    "[2001:db8::1]",
    ":5061",
    "%2",
    "Authorization: Digest ",
    "WWW-Authenticate: Digest realm=",
    "Route: <",
    "Expires: ",
    "Max-Forwards: ",
    "Date: ",
    " GMT",
    "Require: ",
    "Accept: ",
    "Event: ",
    "Subscription-State: ",
    "Retry-After: ",
    "Warning: ",
    "Refer-To: ",
    " INVITE ",
    " REGISTER "
  })
  void fuzzFramerParserAndViews(byte[] input) {
    exercise(PARSER.parseDatagram(input));

    StreamFramer framer = new StreamFramer(PARSER.limits());
    int cut = input.length == 0 ? 0 : (input[0] & 0xff) % (input.length + 1);
    framer.feed(input, 0, cut, ParserFuzzTest::exercise);
    framer.feed(input, cut, input.length - cut, ParserFuzzTest::exercise);
  }

  private static void exercise(ParseResult result) {
    if (!(result instanceof ParseResult.Parsed parsed)) {
      if (result instanceof ParseResult.Malformed m) {
        m.error().canRespond();
        m.error().headers().asList().forEach(HeaderField::value);
      }
      return;
    }
    SipMessage m = parsed.message();
    for (TypedHeader<?> header : SipHeaders.ALL) {
      try {
        m.all(header).forEach(Object::toString);
      } catch (SipParseException expected) {
        // malformed headers are reported this way and no other
      }
    }
    if (m instanceof SipRequest r) {
      try {
        r.requestUri().equivalent(r.requestUri());
      } catch (SipParseException expected) {
        // documented failure of a malformed Request-URI
      }
    }
    try {
      MediaType type = m.contentType().orElse(null);
      if (type != null && type.isMultipart()) {
        MultipartBody.parse(type, m.body()).parts().forEach(p -> p.headers().size());
      }
    } catch (SipParseException expected) {
      // documented failure of a malformed body
    }
    VALIDATOR.validate(m);
    byte[] again =
        (m instanceof SipRequest r ? r.edit().build() : ((SipResponse) m).edit().build())
            .toByteArray();
    ParseResult reparsed = PARSER.parseDatagram(again);
    if (!(reparsed instanceof ParseResult.Parsed)) {
      throw new IllegalStateException("a rebuilt message no longer parses: " + reparsed);
    }
  }
}
