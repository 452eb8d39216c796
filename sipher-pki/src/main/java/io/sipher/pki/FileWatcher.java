package io.sipher.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps something loaded from files (key material, a CRL) up to date: it polls the files' contents
 * and, when they change, loads them again and hands the result to every registered listener. A load
 * that fails (a half-written file, a key that does not match its new certificate during a rotation)
 * is reported and the previous value stays in force; the next change is tried again.
 *
 * <p>Polling content hashes rather than relying on file-system events survives editors that replace
 * files, atomic renames, and symbolic-link swaps such as mounted secrets use. The transport uses
 * the new material for new handshakes; existing connections are not touched.
 *
 * @param <T> what the files hold
 */
public final class FileWatcher<T> implements AutoCloseable {
  private final List<Path> files;
  private final Supplier<T> loader;
  private final Duration interval;
  private final List<Consumer<T>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<PkiException>> errorListeners = new CopyOnWriteArrayList<>();
  private volatile T current;
  private byte[] fingerprint;
  private ScheduledExecutorService scheduler;

  /**
   * Loads the files once, now.
   *
   * @throws PkiException when the first load fails: there is nothing to fall back on
   */
  public FileWatcher(List<Path> files, Duration interval, Supplier<T> loader) {
    this.files = List.copyOf(files);
    this.loader = loader;
    this.interval = interval;
    this.fingerprint = fingerprint();
    this.current = loader.get();
  }

  /** Watches a certificate chain and its private key. */
  public static FileWatcher<KeyMaterial> keyMaterial(
      Path certificates, Path privateKey, char[] keyPassword, Duration interval) {
    char[] password = keyPassword == null ? null : keyPassword.clone();
    return new FileWatcher<>(
        List.of(certificates, privateKey),
        interval,
        () -> KeyMaterial.fromPem(certificates, privateKey, password));
  }

  /** Watches a CRL file. */
  public static FileWatcher<X509CRL> crl(Path file, Duration interval) {
    return new FileWatcher<>(List.of(file), interval, () -> Pem.readCrl(file));
  }

  /** The value last loaded successfully. */
  public T current() {
    return current;
  }

  public void onChange(Consumer<T> listener) {
    listeners.add(listener);
  }

  public void onError(Consumer<PkiException> listener) {
    errorListeners.add(listener);
  }

  /** Starts polling every {@code interval} on a daemon thread. */
  public synchronized FileWatcher<T> start() {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sipher-file-watcher");
                t.setDaemon(true);
                return t;
              });
      long ms = interval.toMillis();
      scheduler.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * Checks the files once; returns true when they changed and loaded. Called by the poller, and
   * directly by tests.
   */
  public synchronized boolean poll() {
    byte[] now = fingerprint();
    if (Arrays.equals(now, fingerprint)) {
      return false;
    }
    fingerprint = now;
    T loaded;
    try {
      loaded = loader.get();
    } catch (PkiException e) {
      report(e);
      return false;
    } catch (RuntimeException e) {
      report(new PkiException("cannot reload " + files + ": " + e, e));
      return false;
    }
    current = loaded;
    for (Consumer<T> l : listeners) {
      try {
        l.accept(loaded);
      } catch (RuntimeException e) {
        // One failing listener must neither stop the others nor end the polling.
        report(new PkiException("a listener failed on reloaded " + files + ": " + e, e));
      }
    }
    return true;
  }

  private void report(PkiException e) {
    for (Consumer<PkiException> l : errorListeners) {
      try {
        l.accept(e);
      } catch (RuntimeException ignored) {
        // nothing more can be done for an error listener that fails
      }
    }
  }

  /** A SHA-256 over every file's content; a missing file counts as a distinct empty state. */
  private byte[] fingerprint() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        md.update(f.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
          md.update(Files.readAllBytes(f));
        } catch (IOException e) {
          md.update((byte) 0xff);
        }
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
