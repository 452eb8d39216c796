package io.sipher.stack.transaction;

/**
 * The layer's table holds {@link TransactionConfig#maxTransactions} transactions, so no new client
 * transaction can be created. The TU treats it as it treats a 503 (Service Unavailable) from the
 * next hop (RFC 3261 §8.1.3.1): a proxy answers its own client with 503 and a Retry-After (§16.7,
 * §21.5.4), a UA tries again later.
 */
public final class TransactionLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int limit;

  TransactionLimitException(int limit) {
    super("the transaction table is full (" + limit + " transactions)");
    this.limit = limit;
  }

  /** The {@link TransactionConfig#maxTransactions} that was reached. */
  public int limit() {
    return limit;
  }
}
