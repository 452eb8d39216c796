package io.sipher.message;

import java.util.Map;

/** The standard reason phrases of SIP status codes (RFC 3261 §21 and later RFCs). */
public final class ReasonPhrases {
  private static final Map<Integer, String> PHRASES =
      Map.ofEntries(
          Map.entry(100, "Trying"),
          Map.entry(180, "Ringing"),
          Map.entry(181, "Call Is Being Forwarded"),
          Map.entry(182, "Queued"),
          Map.entry(183, "Session Progress"),
          Map.entry(199, "Early Dialog Terminated"),
          Map.entry(200, "OK"),
          Map.entry(202, "Accepted"),
          Map.entry(204, "No Notification"),
          Map.entry(300, "Multiple Choices"),
          Map.entry(301, "Moved Permanently"),
          Map.entry(302, "Moved Temporarily"),
          Map.entry(305, "Use Proxy"),
          Map.entry(380, "Alternative Service"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(402, "Payment Required"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(407, "Proxy Authentication Required"),
          Map.entry(408, "Request Timeout"),
          Map.entry(410, "Gone"),
          Map.entry(412, "Conditional Request Failed"),
          Map.entry(413, "Request Entity Too Large"),
          Map.entry(414, "Request-URI Too Long"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(416, "Unsupported URI Scheme"),
          Map.entry(417, "Unknown Resource-Priority"),
          Map.entry(420, "Bad Extension"),
          Map.entry(421, "Extension Required"),
          Map.entry(422, "Session Interval Too Small"),
          Map.entry(423, "Interval Too Brief"),
          Map.entry(428, "Use Identity Header"),
          Map.entry(429, "Provide Referrer Identity"),
          Map.entry(430, "Flow Failed"),
          Map.entry(433, "Anonymity Disallowed"),
          Map.entry(436, "Bad Identity-Info"),
          Map.entry(437, "Unsupported Certificate"),
          Map.entry(438, "Invalid Identity Header"),
          Map.entry(439, "First Hop Lacks Outbound Support"),
          Map.entry(470, "Consent Needed"),
          Map.entry(480, "Temporarily Unavailable"),
          Map.entry(481, "Call/Transaction Does Not Exist"),
          Map.entry(482, "Loop Detected"),
          Map.entry(483, "Too Many Hops"),
          Map.entry(484, "Address Incomplete"),
          Map.entry(485, "Ambiguous"),
          Map.entry(486, "Busy Here"),
          Map.entry(487, "Request Terminated"),
          Map.entry(488, "Not Acceptable Here"),
          Map.entry(489, "Bad Event"),
          Map.entry(491, "Request Pending"),
          Map.entry(493, "Undecipherable"),
          Map.entry(494, "Security Agreement Required"),
          Map.entry(500, "Server Internal Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Server Time-out"),
          Map.entry(505, "Version Not Supported"),
          Map.entry(513, "Message Too Large"),
          Map.entry(580, "Precondition Failure"),
          Map.entry(600, "Busy Everywhere"),
          Map.entry(603, "Decline"),
          Map.entry(604, "Does Not Exist Anywhere"),
          Map.entry(606, "Not Acceptable"),
          Map.entry(607, "Unwanted"),
          Map.entry(608, "Rejected"));

  private ReasonPhrases() {}

  /** The standard phrase for {@code code}, or a generic one for its class. */
  public static String of(int code) {
    String p = PHRASES.get(code);
    if (p != null) {
      return p;
    }
    return switch (code / 100) {
      case 1 -> "Trying";
      case 2 -> "OK";
      case 3 -> "Redirected";
      case 4 -> "Client Error";
      case 5 -> "Server Error";
      default -> "Global Failure";
    };
  }
}
