package io.aiworkflow.engine.platform;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * How a cache of database rows forgets a row that the current transaction changes: at once, and
 * again once the transaction completes, so that a concurrent read of the row as it stood before
 * the commit cannot put it back for long.
 */
public final class CacheInvalidation {

    private CacheInvalidation() {}

    /** Runs {@code forget} now and, inside a transaction, again after it completes. */
    public static void nowAndAfterCompletion(TransactionSynchronizationRegistry transactions, Runnable forget) {
        forget.run();
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {}

                @Override
                public void afterCompletion(int status) {
                    forget.run();
                }
            });
        }
    }
}
