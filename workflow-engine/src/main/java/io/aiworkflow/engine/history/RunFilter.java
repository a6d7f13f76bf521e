package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.WorkflowException;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Which runs of the caller's team a list shows: each field narrows it, null leaves it open.
 * {@code errorCode} is the run's error; {@code failedNode} a node key that failed in the run;
 * {@code replayOf} the run they replay or retry; {@code scheduleId} the schedule that started them;
 * {@code search} a run id, or text any of the run's parameter values contains (case ignored).
 */
public record RunFilter(
        String appId,
        String state,
        Integer version,
        Instant from,
        Instant to,
        String errorCode,
        String failedNode,
        String replayOf,
        String scheduleId,
        String search) {

    /** Longest search text: a run id or a phrase, not a document. */
    public static final int MAX_SEARCH = 200;

    public RunFilter {
        if (state != null && RunState.fromWire(state).isEmpty()) {
            throw WorkflowException.validation("state", "must be one of " + Arrays.toString(RunState.values()));
        }
        search = search == null || search.isBlank() ? null : search.strip();
        if (search != null && search.length() > MAX_SEARCH) {
            throw WorkflowException.validation("q", "must be at most " + MAX_SEARCH + " characters");
        }
    }

    /** Only the fields the console's runs list offers. */
    public static RunFilter of(String appId, String state, Instant from, Instant to) {
        return new RunFilter(appId, state, null, from, to, null, null, null, null, null);
    }

    /** Appends the SQL conditions on {@code workflow_instance} (no alias) and their arguments. */
    public void appendTo(StringBuilder where, List<Object> args) {
        appendTo(where, args, false);
    }

    /**
     * As {@link #appendTo(StringBuilder, List)}; with {@code fewFailuresOfNode}, the runs in which
     * {@link #failedNode} failed are looked up first (by the failed node runs' index) instead of
     * checked run by run: much faster when that node failed in few runs, or in none.
     */
    void appendTo(StringBuilder where, List<Object> args, boolean fewFailuresOfNode) {
        condition(where, args, "app_id = ?", appId);
        condition(where, args, "state = ?", state);
        condition(where, args, "version = ?", version);
        condition(where, args, "start_time >= ?", from == null ? null : Timestamp.from(from));
        condition(where, args, "start_time < ?", to == null ? null : Timestamp.from(to));
        condition(where, args, "error_code = ?", errorCode);
        condition(
                where,
                args,
                fewFailuresOfNode
                        ? "id = any(array(select n.instance_id from node_execution n"
                                + " where n.node_key = ? and n.state = 'Failed'))"
                        : "exists (select 1 from node_execution n where n.instance_id = workflow_instance.id"
                                + " and n.node_key = ? and n.state = 'Failed')",
                failedNode);
        condition(where, args, "replay_of = ?", replayOf);
        condition(where, args, "schedule_id = ?", scheduleId);
        if (search != null) {
            // the parameters are stored as JSON text: a value containing the search text matches it
            where.append(" and (id = ? or parameters ilike ? escape '\\')");
            args.add(search);
            args.add("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
    }

    private static void condition(StringBuilder where, List<Object> args, String sql, Object value) {
        if (value != null) {
            where.append(" and ").append(sql);
            args.add(value);
        }
    }
}
