package io.aiworkflow.engine.security;

import io.aiworkflow.engine.platform.BoundedMaps;
import io.aiworkflow.engine.platform.CacheInvalidation;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Bearer keys turned into callers, remembered for {@value #RECHECK_SECONDS} s: authenticating was a
 * transaction and a query on every API request. The policy is {@link ActiveUsers}': a key revoked on
 * this server is refused at once (again once the revocation commits, so a request in between cannot
 * bring it back), other servers refuse it within that time. Only keys that exist are remembered, at
 * most {@value #MAX_KEYS}, so random keys cannot fill memory.
 */
@ApplicationScoped
public class ApiKeyCallers {

    static final long RECHECK_SECONDS = 15;
    static final int MAX_KEYS = 10_000;

    @Inject
    private Authenticator authenticator;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    private record Known(Authenticator.KeyHolder holder, long at) {}

    private final Map<String, Known> byHash = BoundedMaps.of(MAX_KEYS);

    public Optional<Caller> byApiKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            return Optional.empty();
        }
        String hash = ApiKeyHashing.sha256(key.trim());
        long now = System.nanoTime();
        Known known = byHash.get(hash);
        if (known != null && now - known.at() < TimeUnit.SECONDS.toNanos(RECHECK_SECONDS)) {
            return Optional.of(known.holder().caller());
        }
        Optional<Authenticator.KeyHolder> read = authenticator.byApiKeyHash(hash);
        if (read.isEmpty()) {
            byHash.remove(hash);
            return Optional.empty();
        }
        byHash.put(hash, new Known(read.get(), now));
        return Optional.of(read.get().caller());
    }

    /** The key was revoked in the current transaction: forget it now and once that commits. */
    void revoked(long keyId) {
        CacheInvalidation.nowAndAfterCompletion(transactions, () -> forget(keyId));
    }

    private void forget(long keyId) {
        byHash.values().removeIf(k -> k.holder().keyId() == keyId);
    }
}
