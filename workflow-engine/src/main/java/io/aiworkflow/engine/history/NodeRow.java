package io.aiworkflow.engine.history;

import io.aiworkflow.domain.model.run.NodeRunState;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeSkipped;
import io.aiworkflow.engine.event.TokenUsage;
import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import io.aiworkflow.engine.history.InstanceViews.RunError;
import io.aiworkflow.engine.history.StoredValues.JsonText;
import io.aiworkflow.engine.projection.ColumnText;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A {@code node_execution} row as the history writer inserts it for a node run that ended: texts cut
 * and cleaned as the columns keep them, so {@link #view} is what a read of the row gives back.
 */
record NodeRow(
        String instanceId,
        long seq,
        NodeRef node,
        NodeRunState state,
        Instant start,
        Instant end,
        long durationMs,
        JsonText input,
        JsonText output,
        String errorCode,
        String errorMessage,
        int attempt,
        String branch,
        TokenUsage usage,
        String reusedFrom) {

    /** The insert {@link #bind} fills. */
    static final String INSERT = "insert into node_execution (instance_id, seq, node_key, invoke_id, node_name,"
            + " node_type, state, start_time, end_time, duration_ms, input, output, error_code, error_message,"
            + " attempt, branch, prompt_tokens, completion_tokens, total_tokens, embedding_tokens, rerank_tokens,"
            + " scope, reused_from) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The row of a node run that ended with this event; null for any other event. */
    static NodeRow of(EngineEvent e) {
        if (e instanceof NodeFinished f) {
            return new NodeRow(
                    f.instanceId(),
                    f.sequence(),
                    f.node(),
                    NodeRunState.COMPLETED,
                    f.startTime(),
                    f.timestamp(),
                    f.durationMs(),
                    JsonText.of(f.inputs()),
                    JsonText.of(f.outputs()),
                    null,
                    null,
                    f.attempt(),
                    f.branch(),
                    f.usage(),
                    f.reusedFrom());
        } else if (e instanceof NodeFailed f) {
            return new NodeRow(
                    f.instanceId(),
                    f.sequence(),
                    f.node(),
                    NodeRunState.FAILED,
                    f.startTime(),
                    f.timestamp(),
                    f.durationMs(),
                    JsonText.of(f.inputs()),
                    JsonText.of(null),
                    f.code(),
                    f.message(),
                    f.attempt(),
                    null,
                    TokenUsage.NONE,
                    null);
        } else if (e instanceof NodeSkipped s) {
            return new NodeRow(
                    s.instanceId(),
                    s.sequence(),
                    s.node(),
                    NodeRunState.SKIPPED,
                    null,
                    null,
                    0,
                    JsonText.of(null),
                    JsonText.of(null),
                    null,
                    null,
                    0,
                    null,
                    TokenUsage.NONE,
                    null);
        }
        return null;
    }

    private String nodeKey() {
        return ColumnText.fit(node.nodeKey(), 200);
    }

    private String invokeId() {
        return ColumnText.fit(node.invokeId(), 1000);
    }

    private String nodeName() {
        return ColumnText.fit(node.nodeName(), 200);
    }

    private String nodeType() {
        return ColumnText.fit(node.nodeType(), 50);
    }

    private String code() {
        return ColumnText.fit(errorCode, 100);
    }

    private String message() {
        return ColumnText.clean(errorMessage);
    }

    private String fittedBranch() {
        return ColumnText.fit(branch, 200);
    }

    private String scope() {
        return node.scope() == null ? "" : ColumnText.clean(node.scope());
    }

    private TokenUsage tokens() {
        return usage == null ? TokenUsage.NONE : usage;
    }

    void bind(PreparedStatement ps) throws SQLException {
        ps.setString(1, instanceId);
        ps.setLong(2, seq);
        ps.setString(3, nodeKey());
        ps.setString(4, invokeId());
        ps.setString(5, nodeName());
        ps.setString(6, nodeType());
        ps.setString(7, state.wire());
        StoredValues.bindTime(ps, 8, start);
        StoredValues.bindTime(ps, 9, end);
        ps.setLong(10, durationMs);
        ps.setString(11, input.text());
        ps.setString(12, output.text());
        ps.setString(13, code());
        ps.setString(14, message());
        ps.setInt(15, attempt);
        ps.setString(16, fittedBranch());
        StoredValues.bindUsage(ps, 17, tokens());
        ps.setString(22, scope());
        ps.setString(23, reusedFrom);
        ps.addBatch();
    }

    /** The node execution as {@link InstanceStore#get} reads this row back. */
    NodeExecution view() {
        String code = code();
        TokenUsage u = tokens();
        return new NodeExecution(
                NodeExecutionIds.of(instanceId, seq),
                nodeKey(),
                invokeId(),
                nodeName(),
                nodeType(),
                state.wire(),
                StoredValues.readTime(start),
                StoredValues.readTime(end),
                durationMs,
                input.value(),
                output.value(),
                code == null ? null : new RunError(code, message()),
                attempt,
                fittedBranch(),
                StoredValues.tokens(u),
                reusedFrom,
                NodeExecution.iterationOf(scope()));
    }
}
