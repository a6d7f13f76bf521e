package io.aiworkflow.engine.history;

import io.aiworkflow.domain.shared.WorkflowException;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.List;

/**
 * Where a keyset page of the runs list goes on: the sort key and id of the last run a page showed.
 * A client gets it as {@code nextCursor} and passes it back as {@code after}; the next page is then
 * an index range after that run, as fast on the 500th page as on the first (an offset page has to
 * step over every run before it). Opaque to clients: a sort field, the key (epoch microseconds of a
 * start time, a duration, a token count, or empty for a run without a duration) and the run id.
 */
public record RunCursor(RunSort.Field field, Long key, String id) {

    private static final String VERSION = "r1";

    /** The cursor after this summary in a list in {@code sort}'s order. */
    public static RunCursor after(RunSort sort, InstanceViews.Summary last) {
        Long key = switch (sort.field()) {
            case START_TIME -> {
                var t = last.startTime().toInstant();
                yield t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
            }
            case DURATION -> last.duration();
            case TOKENS -> last.tokens().totalTokens();
        };
        return new RunCursor(sort.field(), key, last.id());
    }

    public String encode() {
        String text = VERSION + ":" + field.name() + ":" + (key == null ? "" : key) + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client passed as {@code after}, for a list in {@code sort}'s order. */
    public static RunCursor decode(String value, RunSort sort) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split(":", 4);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (parts.length != 4 || !VERSION.equals(parts[0]) || parts[3].isEmpty()) {
            throw invalid();
        }
        if (!parts[1].equals(sort.field().name())) {
            throw WorkflowException.validation(
                    "after", "this cursor belongs to a list sorted by another field: keep the sort of the first page");
        }
        try {
            Long key = parts[2].isEmpty() ? null : Long.valueOf(parts[2]);
            if (key == null && sort.field() != RunSort.Field.DURATION) {
                throw invalid();
            }
            return new RunCursor(sort.field(), key, parts[3]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /**
     * The SQL condition for the runs after this one in {@code sort}'s order, its start time and id
     * read from {@code table} (see {@link RunSort#orderBy}), and its arguments. A run without a
     * duration counts as longer than any other, as {@link RunSort} orders.
     */
    void appendTo(RunSort sort, String table, StringBuilder where, List<Object> args) {
        String column = sort.column(table);
        String idColumn = table + ".id";
        String beyond = sort.descending() ? "<" : ">";
        if (key == null) {
            // after a run without a duration: ascending, only other such runs follow; descending, they
            // came first, so the rest of them and then every run with a duration
            where.append(" and ((")
                    .append(column)
                    .append(" is null and ")
                    .append(idColumn)
                    .append(" ")
                    .append(beyond)
                    .append(" ?)");
            where.append(sort.descending() ? " or " + column + " is not null)" : ")");
            args.add(id);
            return;
        }
        where.append(" and ((")
                .append(column)
                .append(", ")
                .append(idColumn)
                .append(") ")
                .append(beyond)
                .append(" (?, ?)");
        if (!sort.descending() && sort.field() == RunSort.Field.DURATION) {
            where.append(" or ").append(column).append(" is null");
        }
        where.append(")");
        args.add(sort.field() == RunSort.Field.START_TIME ? timestamp(key) : key);
        args.add(id);
    }

    private static Timestamp timestamp(long epochMicros) {
        Timestamp t = new Timestamp(Math.floorDiv(epochMicros, 1_000_000L) * 1000);
        t.setNanos((int) Math.floorMod(epochMicros, 1_000_000L) * 1000);
        return t;
    }

    private static WorkflowException invalid() {
        return WorkflowException.validation("after", "is not a cursor this list gave (use nextCursor as it came)");
    }
}
