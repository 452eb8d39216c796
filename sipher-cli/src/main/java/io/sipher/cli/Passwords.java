package io.sipher.cli;

import io.sipher.pki.PkiException;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Passwords for keys and bundles: from a file (first line) or typed at a prompt, never echoed. */
public final class Passwords {
  private Passwords() {}

  public static char[] fromFile(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int nl = text.indexOf('\n');
      String line = nl >= 0 ? text.substring(0, nl) : text;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        throw new PkiException(file + ": the password file is empty");
      }
      return line.toCharArray();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new PkiException(file + ": no such password file", e);
    } catch (IOException e) {
      throw new PkiException(file + ": cannot read the password file: " + e.getMessage(), e);
    }
  }

  /** Asks twice on the terminal; refuses when there is none (scripts use a password file). */
  public static char[] prompt(String what) {
    Console console = System.console();
    if (console == null) {
      throw new PkiException("no terminal to ask for the " + what + "; give --password-file");
    }
    char[] first = console.readPassword("%s: ", what);
    char[] second = console.readPassword("again: ");
    if (first == null || first.length == 0 || !Arrays.equals(first, second)) {
      throw new PkiException("the passwords are empty or do not match");
    }
    Arrays.fill(second, '\0');
    return first;
  }
}
