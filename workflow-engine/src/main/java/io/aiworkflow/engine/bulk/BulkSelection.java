package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.history.RunFilter;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.List;

/**
 * What a bulk operation acts on: the runs of one team that the runs list's filters let through,
 * or the runs named by id (ids of other teams' runs or unknown ids select nothing), oldest first;
 * or, for a dataset run, the rows of a dataset.
 */
public record BulkSelection(RunFilter filter, List<String> instanceIds, String datasetId, BackfillRange backfill) {

    /** A backfill's selection: the times of schedule {@code scheduleId} from {@code from} to {@code to}, both included. */
    public record BackfillRange(String scheduleId, Instant from, Instant to) {}

    public BulkSelection(RunFilter filter, List<String> instanceIds) {
        this(filter, instanceIds, null, null);
    }

    public static BulkSelection dataset(String datasetId) {
        return new BulkSelection(null, null, datasetId, null);
    }

    public static BulkSelection backfill(String scheduleId, Instant from, Instant to) {
        return new BulkSelection(null, null, null, new BackfillRange(scheduleId, from, to));
    }

    public boolean isDataset() {
        return datasetId != null;
    }

    public boolean isBackfill() {
        return backfill != null;
    }

    public static final int MAX_EXPLICIT_IDS = 100_000;

    public BulkSelection {
        int given = (filter == null ? 0 : 1)
                + (instanceIds == null ? 0 : 1)
                + (datasetId == null ? 0 : 1)
                + (backfill == null ? 0 : 1);
        if (given != 1) {
            throw WorkflowException.validation(
                    "selection", "give either the filters, instanceIds, a datasetId or a schedule's time range");
        }
        if (backfill != null
                && (backfill.from() == null
                        || backfill.to() == null
                        || backfill.to().isBefore(backfill.from()))) {
            throw WorkflowException.validation("selection.to", "a backfill needs from and to, to not before from");
        }
        if (instanceIds != null) {
            if (instanceIds.isEmpty()) {
                throw WorkflowException.validation("selection.instanceIds", "must not be empty");
            }
            if (instanceIds.size() > MAX_EXPLICIT_IDS) {
                throw WorkflowException.validation(
                        "selection.instanceIds", "may hold at most " + MAX_EXPLICIT_IDS + " ids");
            }
            instanceIds = List.copyOf(instanceIds);
        }
    }

    /** {@code from workflow_instance where …} for {@code teamId}, its arguments appended. */
    String fromWhere(long teamId, List<Object> args) {
        StringBuilder sql = new StringBuilder(" from workflow_instance where team_id = ?");
        args.add(teamId);
        if (filter != null) {
            filter.appendTo(sql, args);
        } else {
            sql.append(" and id = any(?)");
            args.add(instanceIds.toArray(String[]::new));
        }
        return sql.toString();
    }

    /** As stored and answered: the filter's fields that are set, or {@code {instanceIds}}. */
    public JsonObject toJson() {
        JsonObjectBuilder json = Jsons.object();
        if (datasetId != null) {
            return json.add("datasetId", datasetId).build();
        }
        if (backfill != null) {
            return json.add("scheduleId", backfill.scheduleId())
                    .add("from", backfill.from().toString())
                    .add("to", backfill.to().toString())
                    .build();
        }
        if (instanceIds != null) {
            json.add("instanceIds", Jsons.toJson(instanceIds));
            return json.build();
        }
        addIfSet(json, "appId", filter.appId());
        addIfSet(json, "state", filter.state());
        addIfSet(json, "version", filter.version());
        addIfSet(json, "from", filter.from());
        addIfSet(json, "to", filter.to());
        addIfSet(json, "errorCode", filter.errorCode());
        addIfSet(json, "nodeKey", filter.failedNode());
        addIfSet(json, "replayOf", filter.replayOf());
        addIfSet(json, "scheduleId", filter.scheduleId());
        addIfSet(json, "q", filter.search());
        return json.build();
    }

    private static void addIfSet(JsonObjectBuilder json, String name, Object value) {
        if (value != null) {
            json.add(name, value instanceof Integer i ? Jsons.number(i) : Jsons.string(value.toString()));
        }
    }
}
