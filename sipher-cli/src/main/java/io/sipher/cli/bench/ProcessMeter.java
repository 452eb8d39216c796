package io.sipher.cli.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * CPU time and memory of a set of processes, from Linux's /proc: how much of a core a server under
 * test spent during a measurement, and how much memory it holds. A pid's child processes count with
 * it (a multi-process server such as Kamailio), as do all of a process's threads.
 */
final class ProcessMeter {
  /** USER_HZ: the unit of /proc/PID/stat's times; 100 on every Linux architecture in use. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final List<Long> pids;

  private ProcessMeter(List<Long> pids) {
    this.pids = pids;
  }

  /** The given processes and their children (as they are now). */
  static ProcessMeter of(List<Long> roots) {
    Set<Long> all = new LinkedHashSet<>(roots);
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : proc) {
        long parent = parentOf(p);
        if (roots.contains(parent)) {
          all.add(Long.parseLong(p.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      // No /proc listing: measure the roots alone.
    }
    return new ProcessMeter(new ArrayList<>(all));
  }

  static ProcessMeter self() {
    return new ProcessMeter(List.of(ProcessHandle.current().pid()));
  }

  int processCount() {
    return pids.size();
  }

  /** User plus system CPU seconds spent so far by the processes that still run. */
  double cpuSeconds() {
    long ticks = 0;
    for (long pid : pids) {
      String[] f = statFields(Path.of("/proc", Long.toString(pid), "stat"));
      if (f != null) {
        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  /**
   * Proportional set size in bytes: resident memory with shared pages split among the processes
   * sharing them, so that a pre-forked server's shared memory is counted once.
   */
  long pssBytes() {
    long kb = 0;
    for (long pid : pids) {
      try {
        for (String line :
            Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
          if (line.startsWith("Pss:")) {
            kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | RuntimeException e) {
        // The process has gone: it holds nothing.
      }
    }
    return kb * 1024;
  }

  private static long parentOf(Path procDir) {
    String[] f = statFields(procDir.resolve("stat"));
    return f == null ? -1 : Long.parseLong(f[1]); // ppid (field 4)
  }

  /** The fields after "pid (comm) ", whose comm may itself hold spaces and parentheses. */
  private static String[] statFields(Path stat) {
    try {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
