package io.sipher.cli.config;

/**
 * A configuration that cannot be used, with where the problem is: the file, the full key path
 * ({@code limits.idle-timeout}, {@code listeners[2].port}) and the line, so that the message alone
 * is enough to fix the file.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String key;
  private final int line;
  private final String problem;

  /**
   * @param source the file as the user named it, or a label such as {@code --udp-port}; may be null
   * @param key the key path, or null when the problem is not about one key (YAML syntax)
   * @param line the 1-based line, or 0 when unknown (a value that came from the command line)
   * @param problem what is wrong, phrased to follow the key
   */
  public ConfigException(String source, String key, int line, String problem) {
    super(format(source, key, line, problem));
    this.source = source;
    this.key = key;
    this.line = line;
    this.problem = problem;
  }

  private static String format(String source, String key, int line, String problem) {
    // file: key (line N): problem, leaving out what is unknown; without a key the line goes
    // with the file: "sipher.yaml (line 3): not valid YAML ...".
    StringBuilder b = new StringBuilder();
    if (source != null) {
      b.append(source);
      if (key == null && line > 0) {
        b.append(" (line ").append(line).append(')');
      }
      b.append(": ");
    }
    if (key != null) {
      b.append(key);
      if (line > 0) {
        b.append(" (line ").append(line).append(')');
      }
      b.append(": ");
    } else if (source == null && line > 0) {
      b.append("line ").append(line).append(": ");
    }
    return b.append(problem).toString();
  }

  public String source() {
    return source;
  }

  /** The key path, or null. */
  public String key() {
    return key;
  }

  /** The 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The message without the file, key and line. */
  public String problem() {
    return problem;
  }
}
