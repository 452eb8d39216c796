package io.sipher.cli;

import io.sipher.cli.config.ConfigException;
import io.sipher.cli.config.ConfigLoader;
import io.sipher.cli.config.ExampleConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sipher config}: the server's YAML configuration file. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Write an example configuration file, or check one.",
    subcommands = {ConfigCommand.Example.class, ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "example",
      mixinStandardHelpOptions = true,
      description = {
        "Print a configuration file with every key set to its default, each explained.",
        "Start from it: sipher config example > sipher.yaml"
      })
  static final class Example implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--domain",
        description = "The domain written in the example (default: this host's name).")
    String domain;

    @Override
    public Integer call() {
      String d = domain != null ? domain : ServerData.defaultDomain();
      spec.commandLine().getOut().print(ExampleConfig.render(d.toLowerCase(java.util.Locale.ROOT)));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Check configuration files: prints 'FILE: ok', or the first problem with its key and"
            + " line.",
        "Exit status 0 when every file is usable, 1 otherwise."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The files to check.")
    List<Path> files;

    @Override
    public Integer call() {
      int status = 0;
      for (Path f : files) {
        try {
          ConfigLoader.load(f);
          spec.commandLine().getOut().println(f + ": ok");
        } catch (ConfigException e) {
          spec.commandLine().getErr().println(e.getMessage());
          status = 1;
        }
      }
      return status;
    }
  }
}
