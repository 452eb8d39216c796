package io.sipher.message.header;

import java.util.Set;

/**
 * SIP method names. Methods are case-sensitive tokens (RFC 3261 §7.1); the well-known ones are
 * interned so that comparisons on the hot path are cheap.
 */
public final class Methods {
  public static final String ACK = "ACK";
  public static final String BYE = "BYE";
  public static final String CANCEL = "CANCEL";
  public static final String INFO = "INFO";
  public static final String INVITE = "INVITE";
  public static final String MESSAGE = "MESSAGE";
  public static final String NOTIFY = "NOTIFY";
  public static final String OPTIONS = "OPTIONS";
  public static final String PRACK = "PRACK";
  public static final String PUBLISH = "PUBLISH";
  public static final String REFER = "REFER";
  public static final String REGISTER = "REGISTER";
  public static final String SUBSCRIBE = "SUBSCRIBE";
  public static final String UPDATE = "UPDATE";

  private static final Set<String> KNOWN =
      Set.of(
          ACK, BYE, CANCEL, INFO, INVITE, MESSAGE, NOTIFY, OPTIONS, PRACK, PUBLISH, REFER, REGISTER,
          SUBSCRIBE, UPDATE);

  private Methods() {}

  /** Whether {@code method} is one of the methods defined by RFC 3261 and its extensions. */
  public static boolean isKnown(String method) {
    return KNOWN.contains(method);
  }

  private static final String[] ALL = {
    ACK, BYE, CANCEL, INFO, INVITE, MESSAGE, NOTIFY, OPTIONS, PRACK, PUBLISH, REFER, REGISTER,
    SUBSCRIBE, UPDATE
  };

  /** The method spelled by ASCII bytes: a shared constant when well known, else a new string. */
  public static String of(byte[] b, int off, int len) {
    for (String m : ALL) {
      if (m.length() == len && matches(m, b, off)) {
        return m;
      }
    }
    return new String(b, off, len, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static boolean matches(String m, byte[] b, int off) {
    for (int i = 0; i < m.length(); i++) {
      if (b[off + i] != m.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The canonical instance of a well-known method, or {@code method} itself. */
  public static String intern(String method) {
    return switch (method) {
      case ACK -> ACK;
      case BYE -> BYE;
      case CANCEL -> CANCEL;
      case INFO -> INFO;
      case INVITE -> INVITE;
      case MESSAGE -> MESSAGE;
      case NOTIFY -> NOTIFY;
      case OPTIONS -> OPTIONS;
      case PRACK -> PRACK;
      case PUBLISH -> PUBLISH;
      case REFER -> REFER;
      case REGISTER -> REGISTER;
      case SUBSCRIBE -> SUBSCRIBE;
      case UPDATE -> UPDATE;
      default -> method;
    };
  }
}
