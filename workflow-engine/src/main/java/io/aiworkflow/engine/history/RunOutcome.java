package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.event.WorkflowCanceled;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.history.StoredValues.JsonText;
import io.aiworkflow.engine.projection.ColumnText;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** How a run ended, as its row records it. */
record RunOutcome(
        RunState state, JsonText result, String code, String message, Instant end, long durationMs, TokenUsage usage) {

    /** The columns a run's row has for its end, in the order {@link #bind} fills them. */
    static final String COLUMNS = "result, error_code, error_message, end_time, duration_ms,"
            + " prompt_tokens, completion_tokens, total_tokens, embedding_tokens, rerank_tokens";

    static final int COLUMN_COUNT = 10;

    /** A run that has not ended. */
    static final RunOutcome RUNNING =
            new RunOutcome(RunState.RUNNING, JsonText.of(null), null, null, null, 0, TokenUsage.NONE);

    /** The outcome this event records; null for an event that does not end a run. */
    static RunOutcome of(EngineEvent e) {
        if (e instanceof WorkflowFinished f) {
            return new RunOutcome(
                    RunState.COMPLETED, JsonText.of(f.result()), null, null, f.timestamp(), f.durationMs(), f.usage());
        } else if (e instanceof WorkflowFailed f) {
            return new RunOutcome(
                    RunState.FAILED,
                    JsonText.of(null),
                    f.code(),
                    f.message(),
                    f.timestamp(),
                    f.durationMs(),
                    f.usage());
        } else if (e instanceof WorkflowCanceled f) {
            return new RunOutcome(
                    RunState.CANCELED,
                    JsonText.of(null),
                    "CANCELED",
                    "the run was canceled",
                    f.timestamp(),
                    f.durationMs(),
                    f.usage());
        }
        return null;
    }

    String storedCode() {
        return ColumnText.fit(code, 100);
    }

    String storedMessage() {
        return ColumnText.clean(message);
    }

    /** The run's duration; null while it has not ended. */
    Long duration() {
        return end == null ? null : durationMs;
    }

    TokenUsage tokens() {
        return usage == null ? TokenUsage.NONE : usage;
    }

    /** Binds {@link #COLUMNS} in their order, from parameter {@code from}. */
    void bind(PreparedStatement ps, int from) throws SQLException {
        ps.setString(from, result.text());
        ps.setString(from + 1, storedCode());
        ps.setString(from + 2, storedMessage());
        StoredValues.bindTime(ps, from + 3, end);
        if (end == null) {
            ps.setNull(from + 4, Types.BIGINT);
        } else {
            ps.setLong(from + 4, durationMs);
        }
        StoredValues.bindUsage(ps, from + 5, tokens());
    }
}
