package io.sipher.cli;

import io.sipher.message.validate.DatagramCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sipher lint FILE...}: each file is read as raw bytes and treated as one UDP datagram, then
 * parsed and validated as the server would; the verdict is printed per file.
 */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Check SIP messages: each FILE is read as one UDP datagram (the body ends where the file"
          + " ends when there is no Content-Length), parsed, and validated as the server would.",
      "Prints 'FILE: valid' or 'FILE: invalid <code> <reason>' ('drop' instead of a code for a"
          + " response a server would discard)."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every message is valid",
      "1:at least one message is invalid",
      "2:usage or I/O error"
    })
final class LintCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object per file.")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files holding one message each.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DatagramCheck check = new DatagramCheck();
    boolean anyInvalid = false;
    boolean anyError = false;
    for (Path file : files) {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        err.println(file + ": error: no such file");
        anyError = true;
        continue;
      } catch (IOException e) {
        err.println(file + ": error: " + e.getMessage());
        anyError = true;
        continue;
      }
      DatagramCheck.Result r =
          bytes.length == 0
              ? new DatagramCheck.Result(
                  false, 400, "Empty message", DatagramCheck.Stage.PARSE, false)
              : check.check(bytes);
      anyInvalid |= !r.valid();
      out.println(json ? json(file, r) : text(file, r));
    }
    out.flush();
    return anyError ? 2 : anyInvalid ? 1 : 0;
  }

  private static String text(Path file, DatagramCheck.Result r) {
    if (r.valid()) {
      return file + ": valid";
    }
    return file + ": invalid " + (r.discard() ? "drop" : r.statusCode()) + " " + r.reason();
  }

  private static String json(Path file, DatagramCheck.Result r) {
    StringBuilder sb = new StringBuilder(160).append("{\"file\":");
    Json.string(sb, file.toString());
    if (r.valid()) {
      sb.append(",\"verdict\":\"valid\"");
      if (r.keepAlive()) {
        sb.append(",\"keepAlive\":true");
      }
      return sb.append('}').toString();
    }
    sb.append(",\"verdict\":\"invalid\",\"action\":\"").append(r.discard() ? "drop" : "reject");
    sb.append("\",\"status\":").append(r.discard() ? "null" : r.statusCode().toString());
    sb.append(",\"stage\":\"").append(r.stage().name().toLowerCase(java.util.Locale.ROOT));
    sb.append("\",\"reason\":");
    Json.string(sb, r.reason());
    return sb.append('}').toString();
  }
}
