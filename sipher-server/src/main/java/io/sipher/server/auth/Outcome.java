package io.sipher.server.auth;

import io.sipher.message.SipResponse;
import io.sipher.message.auth.DigestAlgorithm;
import io.sipher.message.header.AuthenticationInfo;
import io.sipher.message.header.HeaderName;
import java.util.Objects;

/**
 * What {@link DigestAuthenticator#authenticate} decided about a request. Only {@link Authenticated}
 * lets the request through; the other two carry the response to send instead. Reasons are short
 * fixed phrases for logs and metrics; they never hold credentials.
 */
public sealed interface Outcome {

  /**
   * The credentials are right.
   *
   * @param user the authenticated username, as the credential store knows it
   * @param algorithm the algorithm the client answered with
   * @param info the Authentication-Info for the final response (RFC 3261 §20.6, RFC 7616 §3.5), or
   *     null when a proxy authenticated (SIP defines no Proxy-Authentication-Info)
   */
  record Authenticated(String user, DigestAlgorithm algorithm, AuthenticationInfo info)
      implements Outcome {
    public Authenticated {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(algorithm, "algorithm");
    }

    /**
     * Adds the Authentication-Info header to a final response to the authenticated request: it
     * proves to the client that the server knew its HA1 too (mutual authentication, {@code
     * rspauth}), and may hand out the next nonce. Does nothing when there is none.
     */
    public SipResponse.Editor addAuthenticationInfo(SipResponse.Editor response) {
      if (info != null) {
        response.set(
            HeaderName.AUTHENTICATION_INFO, ChallengeBuilder.format(info.parameters(), ""));
      }
      return response;
    }
  }

  /**
   * Send this 401 or 407 challenge; the client may answer it with (new) credentials.
   *
   * @param reason why the request was challenged, for logs and metrics
   */
  record Challenge(SipResponse response, String reason) implements Outcome {
    public Challenge {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * Send this final response (400 for malformed credentials, 403 for a blocked source); retrying
   * with other credentials will not help.
   */
  record Refused(SipResponse response, String reason) implements Outcome {
    public Refused {
      Objects.requireNonNull(response, "response");
    }
  }
}
