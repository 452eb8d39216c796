package io.sipher.pki;

import java.net.IDN;

/** Host-name checks for certificate requests. */
final class Hostnames {
  private Hostnames() {}

  /**
   * Whether {@code name} is a DNS host name: dot-separated labels of letters, digits and inner
   * hyphens (after IDN conversion to A-labels), at most 253 characters, labels of at most 63, and
   * not a dotted IP address. A trailing dot is allowed.
   */
  static boolean isDnsName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    String ascii;
    try {
      ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.isEmpty() || ascii.length() > 253) {
      return false;
    }
    String[] labels = ascii.split("\\.", -1);
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
          return false;
        }
      }
    }
    // the last label of a name is never all digits; that is an IP address
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }
}
