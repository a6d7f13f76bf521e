package io.aiworkflow.engine.bulk;

import jakarta.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** What the API answers about bulk operations. */
public final class BulkViews {

    private BulkViews() {}

    /** Each item is in exactly one state, so the parts always add up to {@code total}. */
    public record Counts(
            long total, long pending, long running, long succeeded, long failed, long skipped, long canceled) {

        public long ended() {
            return succeeded + failed + skipped + canceled;
        }
    }

    /**
     * @param rate items ended per second over the last minute
     * @param etaSeconds at that rate, until every item has ended; null while nothing has ended yet
     */
    public record Operation(
            String id,
            long teamId,
            String action,
            String state,
            JsonObject selection,
            JsonObject options,
            int maxInFlight,
            double startsPerSecond,
            String reason,
            String pauseReason,
            String parentId,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime startedAt,
            OffsetDateTime endedAt,
            Counts counts,
            double rate,
            Long etaSeconds) {}

    /** {@code datasetLine}, {@code version}, {@code repetition}: a dataset run's item (no source run). */
    public record Item(
            int seq,
            String sourceInstanceId,
            String instanceId,
            String state,
            String error,
            OffsetDateTime startedAt,
            OffsetDateTime endedAt,
            Integer datasetLine,
            Integer version,
            Integer repetition) {}

    public record Sample(String instanceId, String appId, int version, String state, OffsetDateTime startTime) {}

    /**
     * A dry run: the exact count, how it breaks down by state, version and app, a few samples, and
     * the token that creating the operation for real must give back with the same count.
     */
    public record Preview(
            long count,
            Map<String, Map<String, Long>> breakdown,
            List<Sample> samples,
            List<String> notFound,
            String selectionToken,
            int limit) {}

    public record AuditEntry(OffsetDateTime at, String actor, String action, String reason) {}

    public record OperationPage(long total, int page, int pageSize, List<Operation> items) {}

    public record ItemPage(long total, int page, int pageSize, List<Item> items) {}
}
