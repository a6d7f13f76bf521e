package io.aiworkflow.engine.history;

import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.projection.ColumnText;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code instance_event} rows of a commit, inserted by one statement with a parameter per
 * column, each an array: one round trip and one statement for PostgreSQL to run, however many
 * events the commit holds. Another table's rows can go in with them, in the same round trip, as a
 * common table expression that the statement {@linkplain #insert begins with}.
 */
final class ApiEventRows {

    private final List<String> instanceIds = new ArrayList<>();
    private final List<Long> sequences = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();

    /**
     * The insert, after {@code with} (a common table expression ending in a space, or empty);
     * {@code again}: skipping the rows already stored. Its three parameters come after those of
     * {@code with}.
     */
    static String insert(String with, boolean again) {
        return with
                + "insert into instance_event (instance_id, seq, payload)"
                + " select * from unnest(?::varchar[], ?::bigint[], ?::text[])"
                + (again ? " on conflict do nothing" : "");
    }

    void add(EngineEvent event, String json) {
        instanceIds.add(event.instanceId());
        sequences.add(event.sequence());
        payloads.add(ColumnText.clean(json));
    }

    boolean isEmpty() {
        return instanceIds.isEmpty();
    }

    /** Binds the rows to the insert's three parameters, from {@code first}. */
    void bind(PreparedStatement ps, int first) throws SQLException {
        ps.setObject(first, instanceIds.toArray(String[]::new));
        ps.setObject(first + 1, sequences.stream().mapToLong(Long::longValue).toArray());
        ps.setObject(first + 2, payloads.toArray(String[]::new));
    }
}
