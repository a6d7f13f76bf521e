package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.WorkflowException;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
        appendTo(where, args, true);
    }

    /**
     * {@code from … where …} over the team's runs that the filter lets through, for a runs list
     * ordered by the start times and ids of {@link #listedTable}. With a failed node, the source is
     * that node's {@code run_node_failure} rows joined to their runs, so a list by start time walks
     * their primary key in its own order rather than checking run after run whether the node failed
     * in it.
     */
    String listSource(long teamId, List<Object> args) {
        StringBuilder sql = new StringBuilder(
                failedNode == null
                        ? " from workflow_instance where team_id = ?"
                        : " from run_node_failure join workflow_instance using (id)"
                                + " where run_node_failure.team_id = ? and node_key = ?");
        args.add(teamId);
        if (failedNode != null) {
            args.add(failedNode);
        }
        appendTo(sql, args, false);
        return sql.toString();
    }

    /** Whether a failed node is the only thing the filter asks for. */
    boolean failedNodeOnly() {
        return failedNode != null
                && Arrays.asList(appId, state, version, from, to, errorCode, replayOf, scheduleId, search).stream()
                        .allMatch(Objects::isNull);
    }

    /**
     * {@code from … where …} over the failed node's {@code run_node_failure} rows alone, without their
     * runs: when it is the only condition, a list counts and pages them here (each row's run exists,
     * the rows go with their run) and joins only the runs of the page.
     */
    String failuresSource(long teamId, List<Object> args) {
        args.add(teamId);
        args.add(failedNode);
        return " from run_node_failure where team_id = ? and node_key = ?";
    }

    /** The table whose start times and ids order a list from {@link #listSource}. */
    String listedTable() {
        return failedNode == null ? "workflow_instance" : "run_node_failure";
    }

    private void appendTo(StringBuilder where, List<Object> args, boolean withFailedNode) {
        condition(where, args, "app_id = ?", appId);
        condition(where, args, "state = ?", state);
        condition(where, args, "version = ?", version);
        condition(where, args, "workflow_instance.start_time >= ?", from == null ? null : Timestamp.from(from));
        condition(where, args, "workflow_instance.start_time < ?", to == null ? null : Timestamp.from(to));
        condition(where, args, "error_code = ?", errorCode);
        if (withFailedNode) {
            condition(
                    where,
                    args,
                    "exists (select 1 from run_node_failure f where f.id = workflow_instance.id and f.node_key = ?)",
                    failedNode);
        }
        condition(where, args, "replay_of = ?", replayOf);
        condition(where, args, "schedule_id = ?", scheduleId);
        if (search != null) {
            // the parameters are stored as JSON text: a value containing the search text matches it
            String indexed = selectiveWord(search);
            if (indexed == null) {
                where.append(" and (id = ? or parameters ilike ? escape '\\')");
                args.add(search);
                args.add("%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            } else {
                // the trigram index is asked for the word alone; each run it yields is checked for the
                // whole text (strpos is not an index condition, so the planner leaves it to the check)
                where.append(" and (id = ? or (parameters ilike ? and strpos(lower(parameters), lower(?)) > 0))");
                args.add(search);
                args.add("%" + indexed + "%");
                args.add(search);
            }
        }
    }

    /**
     * The word of a search text that the trigram index is better asked for than the whole text: its
     * longest run of letters and digits that holds a digit (an order number, a date, an id), at least
     * three characters long so that it has trigrams; null when there is none, or it is the whole
     * text. Why: the index finds a text by intersecting the lists of all its trigrams, and one
     * common trigram (from a word that most runs' parameters share, like a field's name or a prefix)
     * makes it step through a long list for every candidate; on a million runs whose parameters all
     * hold {@code customer-…}, asking for {@code 4242} instead of {@code customer-4242} is ten
     * times faster. A word with digits is nearly always the rare part of what people search runs for.
     */
    static String selectiveWord(String search) {
        String best = null;
        int i = 0;
        while (i < search.length()) {
            int start = i;
            boolean digit = false;
            while (i < search.length() && Character.isLetterOrDigit(search.charAt(i))) {
                digit |= Character.isDigit(search.charAt(i));
                i++;
            }
            if (digit && i - start >= 3 && (best == null || i - start > best.length())) {
                best = search.substring(start, i);
            }
            i = Math.max(i, start + 1);
        }
        return best == null || best.length() == search.length() ? null : best;
    }

    private static void condition(StringBuilder where, List<Object> args, String sql, Object value) {
        if (value != null) {
            where.append(" and ").append(sql);
            args.add(value);
        }
    }
}
