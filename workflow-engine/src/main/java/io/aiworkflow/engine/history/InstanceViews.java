package io.aiworkflow.engine.history;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Read models of execution history (the REST API's WorkflowInstanceResponse and friends). */
public final class InstanceViews {

    private InstanceViews() {}

    public record Tokens(
            long promptTokens, long completionTokens, long totalTokens, long embeddingTokens, long rerankTokens) {}

    public record RunError(String code, String message) {}

    /**
     * @param id         stable across reads (see {@link NodeExecutionIds})
     * @param reusedFrom in a replay, the id of the replayed run's node execution whose outcome was
     *                   reused instead of running the node; null for a node that ran
     */
    public record NodeExecution(
            String id,
            String nodeKey,
            String invokeId,
            String nodeName,
            String nodeType,
            String state,
            OffsetDateTime startTime,
            OffsetDateTime endTime,
            Long duration,
            JsonValue input,
            JsonValue output,
            RunError error,
            int attempt,
            String branch,
            Tokens tokens,
            String reusedFrom,
            String iteration) {

        private static final Pattern ITERATION = Pattern.compile("\\[(\\d+)]");

        /**
         * The loop iterations a node run sat in, outermost first and numbered from 1 ("2", or "2.3"
         * in a loop inside a loop), read from its graph scope; null outside loops.
         */
        public static String iterationOf(String scope) {
            if (scope == null || scope.isEmpty()) {
                return null;
            }
            StringJoiner path = new StringJoiner(".");
            Matcher m = ITERATION.matcher(scope);
            while (m.find()) {
                path.add(m.group(1));
            }
            return path.length() == 0 ? null : path.toString();
        }
    }

    /**
     * @param replayOf        the run this one replays or retries
     * @param bulkOperationId the bulk operation that started this run
     * @param repeatOf        in a bulk operation, the run this one repeats
     */
    public record Instance(
            String id,
            String appId,
            long teamId,
            String workflowDesignId,
            int version,
            String state,
            OffsetDateTime startTime,
            OffsetDateTime endTime,
            Long duration,
            JsonValue parameters,
            JsonValue result,
            RunError error,
            Tokens tokens,
            String startedBy,
            String replayOf,
            String bulkOperationId,
            String repeatOf,
            String scheduleId,
            OffsetDateTime scheduledTime,
            List<NodeExecution> nodeExecutions) {}

    public record Summary(
            String id,
            String appId,
            int version,
            String state,
            OffsetDateTime startTime,
            OffsetDateTime endTime,
            Long duration,
            Tokens tokens,
            String replayOf,
            String scheduleId,
            OffsetDateTime scheduledTime,
            String errorCode,
            String errorMessage) {}

    /**
     * A page of the runs list. {@code total} is exact when {@code totalExact}; otherwise at least
     * that many runs match. {@code nextCursor} continues after this page's last run (null on the last
     * page); with it, {@code page} is 1.
     */
    public record Page(
            long total, boolean totalExact, int page, int pageSize, String nextCursor, List<Summary> items) {}

    public record StoredEvent(long seq, JsonObject payload) {}
}
