package io.sipher.bench;

import java.nio.charset.StandardCharsets;

/** Typical messages of a TLS deployment, as they travel on the wire (CRLF line ends). */
final class Messages {
  private Messages() {}

  static final String REGISTER =
      """
      REGISTER sips:example.com SIP/2.0
      Via: SIP/2.0/TLS 198.51.100.23:49152;branch=z9hG4bK-524287-1---3c1b5d1f0a7e29c4;rport;alias
      Max-Forwards: 70
      Contact: <sips:alice@198.51.100.23:49152;transport=tls;ob>;reg-id=1;+sip.instance="<urn:uuid:4e3c8a5e-8b8a-4b79-9a7e-0f1c2d3e4f50>";expires=600
      To: "Alice" <sips:alice@example.com>
      From: "Alice" <sips:alice@example.com>;tag=8c1b3d9a
      Call-ID: N2Q5ZGRiYmQ0ZDYxNjY4YmE4NTFhZTdhY2QzOGY1YmM
      CSeq: 2 REGISTER
      Supported: outbound, path, replaces, gruu
      Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE
      Authorization: Digest username="alice",realm="example.com",nonce="Y2Q3OWYzYTNkZTA1NDc1YjhmNjA2YzE0ZTA0Nzg0ZWQ",uri="sips:example.com",response="3b9e8c1b2a7d6e5f4c3b2a19f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b",algorithm=SHA-256,cnonce="a1b2c3d4",qop=auth,nc=00000001
      User-Agent: Softphone/5.7.3
      Content-Length: 0

      """;

  static final String INVITE =
      """
      INVITE sips:bob@example.com SIP/2.0
      Via: SIP/2.0/TLS 198.51.100.23:49152;branch=z9hG4bK-524287-1---77a1c2f6e9d3b4a5;rport;alias
      Max-Forwards: 70
      Contact: <sips:alice@198.51.100.23:49152;transport=tls;ob>
      To: <sips:bob@example.com>
      From: "Alice" <sips:alice@example.com>;tag=0f3a9c21
      Call-ID: ZjE4NzM5OWE0ZGE2ZjM0ZjljNmMwNDI2YjY3MzA1ZDk
      CSeq: 1 INVITE
      Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE
      Content-Type: application/sdp
      Supported: replaces, outbound, timer
      User-Agent: Softphone/5.7.3
      Content-Length: 299

      v=0
      o=- 3921154370 3921154370 IN IP4 198.51.100.23
      s=-
      c=IN IP4 198.51.100.23
      t=0 0
      m=audio 50000 RTP/SAVP 0 8 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz
      a=sendrecv
      """;

  static final String OK =
      """
      SIP/2.0 200 OK
      Via: SIP/2.0/TLS proxy.example.com:5061;branch=z9hG4bK-proxy-8a7b6c5d4e3f;received=192.0.2.50
      Via: SIP/2.0/TLS 198.51.100.23:49152;branch=z9hG4bK-524287-1---77a1c2f6e9d3b4a5;rport=49152;received=198.51.100.23;alias
      Record-Route: <sips:proxy.example.com;lr;r2=on>
      Contact: <sips:bob@203.0.113.9:5061;transport=tls>
      To: <sips:bob@example.com>;tag=9a8b7c6d
      From: "Alice" <sips:alice@example.com>;tag=0f3a9c21
      Call-ID: ZjE4NzM5OWE0ZGE2ZjM0ZjljNmMwNDI2YjY3MzA1ZDk
      CSeq: 1 INVITE
      Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
      Content-Type: application/sdp
      Server: PBX/2.1
      Content-Length: 220

      v=0
      o=- 1 1 IN IP4 203.0.113.9
      s=-
      c=IN IP4 203.0.113.9
      t=0 0
      m=audio 40000 RTP/SAVP 0 101
      a=rtpmap:0 PCMU/8000
      a=rtpmap:101 telephone-event/8000
      a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d2JhbGxzIGFuZCBzdHJpbmdzIGFuZCB0aGluZ3M
      """;

  /** The named message as CRLF wire bytes, with its Content-Length set to the real body size. */
  static byte[] wire(String name) {
    String text =
        switch (name) {
          case "REGISTER" -> REGISTER;
          case "INVITE" -> INVITE;
          case "OK" -> OK;
          default -> throw new IllegalArgumentException(name);
        };
    String crlf = text.replace("\n", "\r\n");
    int split = crlf.indexOf("\r\n\r\n") + 4;
    int bodyLength = crlf.length() - split;
    String head =
        crlf.substring(0, split)
            .replaceAll("Content-Length: \\d+", "Content-Length: " + bodyLength);
    return (head + crlf.substring(split)).getBytes(StandardCharsets.US_ASCII);
  }
}
