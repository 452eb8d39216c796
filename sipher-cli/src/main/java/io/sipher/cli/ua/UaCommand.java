package io.sipher.cli.ua;

import io.sipher.pki.PkiException;
import io.sipher.ua.RequestFailedException;
import io.sipher.ua.UserAgent;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the softphone commands share: the options, a UA started from them, and the exit codes a
 * script relies on.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>0</td><td>done: the request was answered 2xx, the call took place</td></tr>
 *   <tr><td>1</td><td>SIP said no, or nobody answered: the line says the status</td></tr>
 *   <tr><td>2</td><td>the command line or a file is wrong, or the server cannot be reached</td></tr>
 * </table>
 */
public abstract class UaCommand implements Callable<Integer> {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int BROKEN = 2;

  @Spec CommandSpec spec;
  @Mixin UaOptions ua;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The command's work, with a started UA; returns the exit code. */
  abstract int run(UserAgent agent) throws Exception;

  /** The UA's settings; commands add theirs (listeners, expiry). */
  io.sipher.ua.UaConfig.Builder configure(io.sipher.ua.UaConfig.Builder config) {
    return config;
  }

  @Override
  public Integer call() {
    try (UserAgent agent = UserAgent.start(configure(ua.config(err())).build())) {
      return run(agent);
    } catch (UaCliException | PkiException e) {
      err().println("sipher " + spec.name() + ": " + e.getMessage());
      return BROKEN;
    } catch (RequestFailedException | RequestFailedTimeout e) {
      out().println(e.getMessage());
      return REFUSED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return REFUSED;
    } catch (Exception e) {
      err().println("sipher " + spec.name() + ": " + e.getMessage());
      return BROKEN;
    }
  }

  /** Waits for a stage; a failure comes out as its cause, a timeout as a clear message. */
  static <T> T await(CompletionStage<T> stage, long seconds, String what) throws Exception {
    try {
      return stage.toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RequestFailedException r) {
        throw r;
      }
      if (c instanceof TimeoutException) {
        throw new RequestFailedTimeout(what + ": no answer");
      }
      throw new UaCliException(what + ": " + (c.getMessage() != null ? c.getMessage() : c));
    } catch (TimeoutException e) {
      throw new RequestFailedTimeout(what + ": no answer within " + seconds + " s");
    }
  }

  /** Nobody answered: exit 1 like a refusal, with the line saying so. */
  static final class RequestFailedTimeout extends Exception {
    RequestFailedTimeout(String message) {
      super(message);
    }
  }
}
