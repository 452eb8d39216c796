package io.sipher.message.header;

import java.time.Instant;
import java.util.List;

/**
 * The typed views of the headers sipher understands. Each names its header and how a value is read;
 * {@code message.all(SipHeaders.VIA)} or {@code message.first(SipHeaders.EXPIRES)} parse on first
 * access and cache the result.
 */
public final class SipHeaders {
  private SipHeaders() {}

  public static final TypedHeader<Via> VIA = TypedHeader.list(HeaderName.VIA, Via::read);
  public static final TypedHeader<Address> FROM =
      TypedHeader.single(HeaderName.FROM, Address::read);
  public static final TypedHeader<Address> TO = TypedHeader.single(HeaderName.TO, Address::read);
  public static final TypedHeader<String> CALL_ID =
      TypedHeader.single(HeaderName.CALL_ID, HeaderValues::callId);
  public static final TypedHeader<CSeq> CSEQ = TypedHeader.single(HeaderName.CSEQ, CSeq::read);
  public static final TypedHeader<Integer> MAX_FORWARDS =
      TypedHeader.single(HeaderName.MAX_FORWARDS, HeaderValues::maxForwards);
  public static final TypedHeader<Contact> CONTACT =
      TypedHeader.list(HeaderName.CONTACT, Contact::read);
  public static final TypedHeader<Address> ROUTE =
      TypedHeader.list(HeaderName.ROUTE, Address::read);
  public static final TypedHeader<Address> RECORD_ROUTE =
      TypedHeader.list(HeaderName.RECORD_ROUTE, Address::read);
  public static final TypedHeader<Address> PATH = TypedHeader.list(HeaderName.PATH, Address::read);
  public static final TypedHeader<Address> SERVICE_ROUTE =
      TypedHeader.list(HeaderName.SERVICE_ROUTE, Address::read);
  public static final TypedHeader<MediaType> CONTENT_TYPE =
      TypedHeader.single(HeaderName.CONTENT_TYPE, MediaType::read);
  public static final TypedHeader<Integer> CONTENT_LENGTH =
      TypedHeader.single(HeaderName.CONTENT_LENGTH, HeaderValues::contentLength);
  public static final TypedHeader<MediaType> ACCEPT =
      TypedHeader.optionalList(HeaderName.ACCEPT, MediaType::read);
  public static final TypedHeader<Long> EXPIRES =
      TypedHeader.single(HeaderName.EXPIRES, HeaderValues::deltaSeconds);
  public static final TypedHeader<Long> MIN_EXPIRES =
      TypedHeader.single(HeaderName.MIN_EXPIRES, HeaderValues::deltaSeconds);
  public static final TypedHeader<String> REQUIRE =
      TypedHeader.list(HeaderName.REQUIRE, HeaderValues::token);
  public static final TypedHeader<String> PROXY_REQUIRE =
      TypedHeader.list(HeaderName.PROXY_REQUIRE, HeaderValues::token);
  public static final TypedHeader<String> SUPPORTED =
      TypedHeader.optionalList(HeaderName.SUPPORTED, HeaderValues::token);
  public static final TypedHeader<String> UNSUPPORTED =
      TypedHeader.list(HeaderName.UNSUPPORTED, HeaderValues::token);
  public static final TypedHeader<String> ALLOW =
      TypedHeader.optionalList(HeaderName.ALLOW, HeaderValues::token);
  public static final TypedHeader<String> ALLOW_EVENTS =
      TypedHeader.list(HeaderName.ALLOW_EVENTS, HeaderValues::token);
  public static final TypedHeader<Challenge> WWW_AUTHENTICATE =
      TypedHeader.single(HeaderName.WWW_AUTHENTICATE, Challenge::read);
  public static final TypedHeader<Challenge> PROXY_AUTHENTICATE =
      TypedHeader.single(HeaderName.PROXY_AUTHENTICATE, Challenge::read);
  public static final TypedHeader<Credentials> AUTHORIZATION =
      TypedHeader.single(HeaderName.AUTHORIZATION, Credentials::read);
  public static final TypedHeader<Credentials> PROXY_AUTHORIZATION =
      TypedHeader.single(HeaderName.PROXY_AUTHORIZATION, Credentials::read);
  public static final TypedHeader<AuthenticationInfo> AUTHENTICATION_INFO =
      TypedHeader.single(HeaderName.AUTHENTICATION_INFO, AuthenticationInfo::read);
  public static final TypedHeader<Event> EVENT = TypedHeader.single(HeaderName.EVENT, Event::read);
  public static final TypedHeader<SubscriptionState> SUBSCRIPTION_STATE =
      TypedHeader.single(HeaderName.SUBSCRIPTION_STATE, SubscriptionState::read);
  public static final TypedHeader<String> SIP_ETAG =
      TypedHeader.single(HeaderName.SIP_ETAG, HeaderValues::token);
  public static final TypedHeader<String> SIP_IF_MATCH =
      TypedHeader.single(HeaderName.SIP_IF_MATCH, HeaderValues::token);
  public static final TypedHeader<Address> REFER_TO =
      TypedHeader.single(HeaderName.REFER_TO, Address::read);
  public static final TypedHeader<RetryAfter> RETRY_AFTER =
      TypedHeader.single(HeaderName.RETRY_AFTER, RetryAfter::read);
  public static final TypedHeader<Long> FLOW_TIMER =
      TypedHeader.single(HeaderName.FLOW_TIMER, HeaderValues::deltaSeconds);
  public static final TypedHeader<Instant> DATE =
      TypedHeader.single(HeaderName.DATE, HeaderValues::date);
  public static final TypedHeader<Warning> WARNING =
      TypedHeader.list(HeaderName.WARNING, Warning::read);

  /** Every typed header above, for checks that visit them all (server-side validation). */
  public static final List<TypedHeader<?>> ALL =
      List.of(
          VIA,
          FROM,
          TO,
          CALL_ID,
          CSEQ,
          MAX_FORWARDS,
          CONTACT,
          ROUTE,
          RECORD_ROUTE,
          PATH,
          SERVICE_ROUTE,
          CONTENT_TYPE,
          CONTENT_LENGTH,
          ACCEPT,
          EXPIRES,
          MIN_EXPIRES,
          REQUIRE,
          PROXY_REQUIRE,
          SUPPORTED,
          UNSUPPORTED,
          ALLOW,
          ALLOW_EVENTS,
          WWW_AUTHENTICATE,
          PROXY_AUTHENTICATE,
          AUTHORIZATION,
          PROXY_AUTHORIZATION,
          AUTHENTICATION_INFO,
          EVENT,
          SUBSCRIPTION_STATE,
          SIP_ETAG,
          SIP_IF_MATCH,
          REFER_TO,
          RETRY_AFTER,
          FLOW_TIMER,
          DATE,
          WARNING);
}
