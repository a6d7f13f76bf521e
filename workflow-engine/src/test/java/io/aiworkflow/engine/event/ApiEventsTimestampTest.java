package io.aiworkflow.engine.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Event and trace timestamps read exactly as the JDK writes an instant truncated to milliseconds. */
class ApiEventsTimestampTest {

    private static String jdk(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    @Test
    void writesWhatTheJdkWritesForInstantsAcrossCenturies() {
        SplittableRandom random = new SplittableRandom(42);
        long from = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2300-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            assertEquals(jdk(t), ApiEvents.timestamp(t), t::toString);
        }
    }

    @Test
    void leavesOutAZeroFractionAndCutsBelowTheMillisecond() {
        assertEquals("2026-12-04T12:10:52Z", ApiEvents.timestamp(Instant.parse("2026-12-04T12:10:52Z")));
        assertEquals("2026-12-04T12:10:52Z", ApiEvents.timestamp(Instant.parse("2026-12-04T12:10:52.000999999Z")));
        assertEquals("2026-12-04T12:10:52.001Z", ApiEvents.timestamp(Instant.parse("2026-12-04T12:10:52.001Z")));
        assertEquals("2026-12-04T12:10:52.100Z", ApiEvents.timestamp(Instant.parse("2026-12-04T12:10:52.1Z")));
        assertEquals("2024-02-29T23:59:59.999Z", ApiEvents.timestamp(Instant.parse("2024-02-29T23:59:59.999999Z")));
    }

    @Test
    void writesYearsOutsideFourDigitsAsTheJdkDoes() {
        for (Instant t : List.of(
                Instant.EPOCH,
                Instant.parse("0000-01-01T00:00:00.5Z"),
                Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.MIN,
                Instant.MAX)) {
            assertEquals(jdk(t), ApiEvents.timestamp(t), t::toString);
        }
    }
}
