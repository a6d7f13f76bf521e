package io.aiworkflow.engine.history;

import io.aiworkflow.domain.shared.WorkflowException;

import java.util.Arrays;
import java.util.Locale;

/**
 * The order of a runs list: by start time (newest first unless asked), duration or tokens. A run
 * without a duration yet (still running) counts as longer than every finished one: last when
 * ascending, first when descending, so that one index serves both directions. The id breaks ties
 * so pages never overlap.
 */
public record RunSort(Field field, boolean descending) {

    public static final RunSort NEWEST = new RunSort(Field.START_TIME, true);

    public enum Field {
        START_TIME("startTime", "start_time"),
        DURATION("duration", "duration_ms"),
        TOKENS("tokens", "total_tokens");

        private final String wireName;
        private final String column;

        Field(String wireName, String column) {
            this.wireName = wireName;
            this.column = column;
        }

        public String wireName() {
            return wireName;
        }

        String column() {
            return column;
        }
    }

    /** {@code startTime}, {@code duration} or {@code tokens}, ascending; a leading {@code -} for descending. */
    public static RunSort parse(String value) {
        if (value == null || value.isBlank()) {
            return NEWEST;
        }
        boolean descending = value.startsWith("-");
        String name = descending ? value.substring(1) : value;
        Field field = Arrays.stream(Field.values())
                .filter(f -> f.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> WorkflowException.validation(
                        "sort", "must be startTime, duration or tokens, with a leading - for descending"));
        return new RunSort(field, descending);
    }

    /**
     * The ORDER BY of a list whose start times and ids are read from {@code table}: the runs'
     * own, or the rows a filter joins them to in the same order (see {@link RunFilter#listSource}).
     */
    String orderBy(String table) {
        String direction = descending ? " desc" : " asc";
        return column(table) + direction + ", " + table + ".id" + direction;
    }

    /** The sort's column, {@code table}'s for the start time. */
    String column(String table) {
        return field == Field.START_TIME ? table + "." + field.column : field.column;
    }

    @Override
    public String toString() {
        return (descending ? "-" : "") + field.wireName.toLowerCase(Locale.ROOT);
    }
}
