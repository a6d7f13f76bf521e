package io.aiworkflow.web.console;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One way to print times in the console: UTC, to the second, as the API's ISO times read. */
final class ConsoleTimes {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private ConsoleTimes() {}

    static String format(OffsetDateTime time) {
        return time == null ? "" : time.atZoneSameInstant(ZoneOffset.UTC).format(FORMAT);
    }
}
