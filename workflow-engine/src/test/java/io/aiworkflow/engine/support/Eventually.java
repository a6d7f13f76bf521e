package io.aiworkflow.engine.support;

import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polls a condition that other threads make true, for at most 5 seconds. */
public final class Eventually {
    private Eventually() {}

    public static void assertTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        fail("not within 5 s: " + what);
    }
}
