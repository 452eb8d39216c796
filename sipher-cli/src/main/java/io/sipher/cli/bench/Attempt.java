package io.sipher.cli.bench;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionLimitException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of a scenario by one phone (a registration, an OPTIONS, a call), from its first request
 * to its last final response. It ends exactly once: as a success, a failure with a reason, or a
 * timeout declared by the generator.
 */
abstract class Attempt implements ClientTransactionListener {
  final LoadGenerator generator;
  final Phone phone;
  final long number;
  final long startedNanos = System.nanoTime();
  private final LoadStats stats;
  private final AtomicBoolean ended = new AtomicBoolean();
  private int challenges;

  Attempt(LoadGenerator generator, Phone phone, LoadStats stats) {
    this.generator = generator;
    this.phone = phone;
    this.stats = stats;
    this.number = phone.nextAttempt();
  }

  /** Sends the first request. */
  abstract void begin();

  final void send(SipRequest request) {
    if (ended.get()) {
      return;
    }
    try {
      generator.stack().sendRequest(request, phone.flow(), this);
    } catch (TransactionLimitException e) {
      fail("generator transaction table full");
    }
  }

  final boolean ended() {
    return ended.get();
  }

  final void succeed() {
    if (ended.compareAndSet(false, true)) {
      stats.success(startedNanos);
      generator.ended(this);
    }
  }

  /** Ends the attempt as failed: {@code reason} is a status code, "timeout" or "transport". */
  final void fail(String reason) {
    if (ended.compareAndSet(false, true)) {
      stats.failure(reason);
      generator.ended(this);
    }
  }

  /**
   * The phone's answer to a challenge (see {@link Phone#answer}); null once this attempt has
   * answered two, since a challenge to credentials means they were refused.
   */
  final Phone.Auth answer(SipResponse response, String method, String uri) {
    return ++challenges > 2 ? null : phone.answer(response, method, uri);
  }

  @Override
  public void onTimeout(ClientTransaction transaction) {
    fail("timeout");
  }

  @Override
  public void onTransportError(ClientTransaction transaction, Throwable cause) {
    fail("transport");
  }

  /** A REGISTER refreshed with digest: REGISTER, 401, REGISTER with credentials, 200. */
  static final class Register extends Attempt {
    private final int expires;

    Register(LoadGenerator generator, Phone phone, LoadStats stats, int expires) {
      super(generator, phone, stats);
      this.expires = expires;
    }

    @Override
    void begin() {
      send(phone.register(expires, null));
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse response) {
      int code = response.statusCode();
      if (code < 200) {
        return;
      }
      if (code < 300) {
        succeed();
        return;
      }
      Phone.Auth auth = answer(response, "REGISTER", "sip:" + phone.domain);
      if (auth != null) {
        send(phone.register(expires, auth));
      } else {
        fail(Integer.toString(code));
      }
    }
  }

  /** An OPTIONS to the server, answered with credentials when challenged. */
  static final class Options extends Attempt {
    private int cseq = 1;

    Options(LoadGenerator generator, Phone phone, LoadStats stats) {
      super(generator, phone, stats);
    }

    @Override
    void begin() {
      send(phone.options(number, cseq, null));
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse response) {
      int code = response.statusCode();
      if (code < 200) {
        return;
      }
      if (code < 300) {
        succeed();
        return;
      }
      Phone.Auth auth = answer(response, "OPTIONS", "sip:" + phone.domain);
      if (auth != null) {
        send(phone.options(number, ++cseq, auth));
      } else {
        fail(Integer.toString(code));
      }
    }
  }
}
