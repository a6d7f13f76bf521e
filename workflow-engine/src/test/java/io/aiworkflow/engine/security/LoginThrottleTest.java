package io.aiworkflow.engine.security;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Password guessing slows down per name and per address; the clock is injected. */
class LoginThrottleTest {

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private void fail(int times, String user, String address) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    private long lockedFor(String user, String address) {
        WorkflowException e = assertThrows(WorkflowException.class, () -> throttle.check(user, address));
        assertEquals(ErrorCode.TOO_MANY_REQUESTS, e.code());
        assertEquals(429, e.code().httpStatus());
        return ((Number) e.details().get("retryAfterSeconds")).longValue();
    }

    @Test
    void fiveFailuresAreFreeThenEachLocksTwiceAsLong() {
        fail(5, "ada", "10.0.0.1");
        assertDoesNotThrow(() -> throttle.check("ada", "10.0.0.1"));
        fail(1, "ada", "10.0.0.1");
        assertEquals(1, lockedFor("ada", "10.0.0.1"));
        now = now.plusSeconds(1);
        assertDoesNotThrow(() -> throttle.check("ada", "10.0.0.1"));
        fail(1, "ada", "10.0.0.1");
        assertEquals(2, lockedFor("ada", "10.0.0.1"));
        fail(30, "ada", "10.0.0.1");
        assertEquals(Duration.ofMinutes(15).toSeconds(), lockedFor("ada", "10.0.0.1"), "capped");
    }

    @Test
    void theNameIsLockedFromEveryAddress() {
        fail(6, "ada", "10.0.0.1");
        lockedFor("ADA", "10.0.0.9"); // names compare without case
        assertDoesNotThrow(() -> throttle.check("bob", "10.0.0.1"), "others behind the same address go on");
    }

    @Test
    void anAddressTryingManyNamesIsLockedForEveryName() {
        for (int i = 0; i < LoginThrottle.FREE_ADDRESS_FAILURES; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }
        assertDoesNotThrow(() -> throttle.check("someone", "10.0.0.1"));
        throttle.failed("one-more", "10.0.0.1");
        lockedFor("someone", "10.0.0.1");
        assertDoesNotThrow(() -> throttle.check("someone", "10.0.0.2"));
    }

    @Test
    void aSuccessClearsTheNamesCount() {
        fail(5, "ada", "10.0.0.1");
        throttle.succeeded("ada");
        fail(1, "ada", "10.0.0.2");
        assertDoesNotThrow(() -> throttle.check("ada", "10.0.0.3"));
    }
}
