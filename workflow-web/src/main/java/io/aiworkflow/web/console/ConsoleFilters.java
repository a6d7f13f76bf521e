package io.aiworkflow.web.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** How the console's filter fields become a search: blank means "any", times are entered in UTC. */
final class ConsoleFilters {

    private ConsoleFilters() {}

    /** The value, trimmed; null when empty or blank. */
    static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
}
