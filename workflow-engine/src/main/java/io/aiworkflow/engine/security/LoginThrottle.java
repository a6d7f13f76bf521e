package io.aiworkflow.engine.security;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.platform.TimeSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, per user name and per client address: after
 * {@value #FREE_FAILURES} failed sign-ins in a row for a name (or {@value #FREE_ADDRESS_FAILURES} from
 * an address, which many users may share behind one proxy), each further failure locks that name
 * (or address) for twice as long as the one before, from 1 s up to 15 minutes; a sign-in while
 * locked is refused with 429 without looking at the password. A success clears the name's count.
 * Counts live in memory (a restart forgives) and are bounded.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final int FREE_ADDRESS_FAILURES = 20;
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 100_000;
    private static final String ADDRESS = "address:";

    private Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last, Instant lockedUntil) {}

    /** For CDI. */
    public LoginThrottle() {}

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    @Inject
    void setTime(TimeSource time) {
        this.clock = time.clock();
    }

    /** Throws TOO_MANY_REQUESTS while the name or the address is locked. */
    public void check(String username, String address) {
        Instant now = clock.instant();
        for (String key : keys(username, address)) {
            Failures f = failures.get(key);
            if (f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
                long seconds =
                        Math.max(1, Duration.between(now, f.lockedUntil()).toSeconds());
                throw new WorkflowException(
                        ErrorCode.TOO_MANY_REQUESTS,
                        "too many failed sign-ins; try again in " + seconds + " s",
                        Map.of("retryAfterSeconds", seconds));
            }
        }
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> f.last().plus(MAX_LOCK).isBefore(now));
        }
        for (String key : keys(username, address)) {
            int free = key.startsWith(ADDRESS) ? FREE_ADDRESS_FAILURES : FREE_FAILURES;
            failures.compute(key, (k, f) -> {
                int count = f == null ? 1 : f.count() + 1;
                Instant lockedUntil = count > free ? now.plus(lock(count - free)) : null;
                return new Failures(count, now, lockedUntil);
            });
        }
    }

    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private static Duration lock(int beyondFree) {
        return beyondFree > 20 ? MAX_LOCK : Duration.ofSeconds(Math.min(MAX_LOCK.toSeconds(), 1L << (beyondFree - 1)));
    }

    private static String[] keys(String username, String address) {
        return address == null ? new String[] {userKey(username)} : new String[] {userKey(username), ADDRESS + address};
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT));
    }
}
