package io.aiworkflow.web.api.bulk;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.shared.JsonFields;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkOperationService.CreateRequest;
import io.aiworkflow.engine.bulk.BulkOptions;
import io.aiworkflow.engine.bulk.BulkSelection;
import io.aiworkflow.engine.bulk.FailurePolicy;
import io.aiworkflow.engine.history.RunFilter;
import io.aiworkflow.web.api.runs.ReplayBody;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/bulk-operations}: {@code {action, selection, dryRun?, selectionToken?,
 * expectedCount?, maxInFlight?, startsPerSecond?, autoPause?, reason?}} plus the action's own fields.
 * An unknown field, action or filter is refused (400) rather than ignored: a typo in a filter would
 * otherwise select far more runs than meant.
 */
final class BulkRequestBody {

    private static final Set<String> FIELDS = Set.of(
            "action",
            "selection",
            "dryRun",
            "selectionToken",
            "expectedCount",
            "maxInFlight",
            "startsPerSecond",
            "autoPause",
            "reason",
            "version",
            "fromNodeKey",
            "inputs",
            "parameters",
            "approved",
            "nodeKey",
            "versions",
            "repetitions");
    private static final Set<String> FILTERS =
            Set.of("appId", "state", "version", "from", "to", "errorCode", "nodeKey", "replayOf", "scheduleId", "q");
    private static final Set<String> AUTO_PAUSE = Set.of("failurePercent", "minEnded", "failuresInARow");

    private BulkRequestBody() {}

    static CreateRequest parse(JsonObject body, String idempotencyKey, FailurePolicy defaults) {
        onlyKnown(body, FIELDS, "");
        String actionName = JsonFields.string(body, "action", true, 20);
        BulkAction action = BulkAction.fromWire(actionName)
                .orElseThrow(() -> WorkflowException.validation(
                        "action",
                        "'" + actionName + "' is not an action; use one of "
                                + Arrays.stream(BulkAction.values())
                                        .map(BulkAction::wire)
                                        .toList()));
        JsonObject selection = JsonFields.object(body, "selection");
        if (selection == null) {
            throw JsonFields.missing("selection");
        }
        Boolean dryRun = JsonFields.bool(body, "dryRun", false);
        Long expected = JsonFields.longValue(body, "expectedCount", false);
        Long maxInFlight = JsonFields.longValue(body, "maxInFlight", false);
        JsonValue pace = body.get("startsPerSecond");
        if (!JsonFields.isAbsent(pace) && !(pace instanceof JsonNumber)) {
            throw JsonFields.wrongType("startsPerSecond", "a number");
        }
        return new CreateRequest(
                action,
                action == BulkAction.BACKFILL ? backfill(selection) : selection(selection),
                new BulkOptions(
                        JsonFields.isAbsent(body.get("version")) ? null : ReplayBody.version(body.get("version")),
                        JsonFields.string(body, "fromNodeKey", false, 200),
                        JsonFields.object(body, "inputs"),
                        JsonFields.object(body, "parameters"),
                        JsonFields.bool(body, "approved", false),
                        JsonFields.string(body, "nodeKey", false, 200),
                        null,
                        repetitions(body)),
                dryRun == null || dryRun,
                JsonFields.string(body, "selectionToken", false, 200),
                expected,
                maxInFlight == null
                        ? null
                        : (int) Math.min(Integer.MAX_VALUE, Math.max(Integer.MIN_VALUE, maxInFlight)),
                pace instanceof JsonNumber n ? n.doubleValue() : null,
                autoPause(JsonFields.object(body, "autoPause"), defaults),
                JsonFields.string(body, "reason", false, 1000),
                idempotencyKey,
                versions(body.get("versions")));
    }

    private static Integer repetitions(JsonObject body) {
        Long value = JsonFields.longValue(body, "repetitions", false);
        return value == null ? null : (int) Math.max(-1, Math.min(1_000_000, value));
    }

    /** A dataset run's versions: numbers or "published". */
    private static List<String> versions(JsonValue value) {
        if (JsonFields.isAbsent(value)) {
            return null;
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw JsonFields.wrongType("versions", "a non-empty array of version numbers or \"published\"");
        }
        List<String> versions = new ArrayList<>();
        for (JsonValue v : array) {
            versions.add(ReplayBody.version(v));
        }
        return versions;
    }

    /** A backfill's selection: {@code {scheduleId, from, to}}, the schedule's times in that range. */
    static BulkSelection backfill(JsonObject s) {
        onlyKnown(s, Set.of("scheduleId", "from", "to"), "selection.");
        Instant from = JsonFields.instant(s, "selection.", "from", false);
        Instant to = JsonFields.instant(s, "selection.", "to", false);
        if (from == null || to == null) {
            throw JsonFields.missing(from == null ? "selection.from" : "selection.to");
        }
        return BulkSelection.backfill(JsonFields.string(s, "scheduleId", true, 36), from, to);
    }

    static BulkSelection selection(JsonObject s) {
        if (s.containsKey("datasetId")) {
            if (s.size() > 1) {
                throw WorkflowException.validation("selection", "a datasetId selects its rows; give nothing else");
            }
            return BulkSelection.dataset(JsonFields.string(s, "datasetId", true, 36));
        }
        if (s.containsKey("instanceIds")) {
            if (s.size() > 1) {
                throw WorkflowException.validation("selection", "give either instanceIds or filters, not both");
            }
            if (!(s.get("instanceIds") instanceof JsonArray ids)) {
                throw JsonFields.wrongType("selection.instanceIds", "an array of run ids");
            }
            List<String> list = new ArrayList<>();
            for (JsonValue v : ids) {
                if (!(v instanceof JsonString id)
                        || id.getString().isBlank()
                        || id.getString().length() > 36) {
                    throw JsonFields.wrongType("selection.instanceIds", "an array of run ids");
                }
                list.add(id.getString());
            }
            return new BulkSelection(null, list);
        }
        onlyKnown(s, FILTERS, "selection.");
        Long version = JsonFields.longValue(s, "version", false);
        return new BulkSelection(
                new RunFilter(
                        JsonFields.string(s, "appId", false, 36),
                        JsonFields.string(s, "state", false, 20),
                        version == null ? null : version.intValue(),
                        JsonFields.instant(s, "selection.", "from", false),
                        JsonFields.instant(s, "selection.", "to", false),
                        JsonFields.string(s, "errorCode", false, 100),
                        JsonFields.string(s, "nodeKey", false, 200),
                        JsonFields.string(s, "replayOf", false, 36),
                        JsonFields.string(s, "scheduleId", false, 36),
                        JsonFields.string(s, "q", false, RunFilter.MAX_SEARCH)),
                null);
    }

    private static FailurePolicy autoPause(JsonObject o, FailurePolicy defaults) {
        if (o == null) {
            return null;
        }
        onlyKnown(o, AUTO_PAUSE, "autoPause.");
        Long percent = JsonFields.longValue(o, "failurePercent", false);
        Long minEnded = JsonFields.longValue(o, "minEnded", false);
        Long inARow = JsonFields.longValue(o, "failuresInARow", false);
        return new FailurePolicy(
                percent == null ? defaults.failurePercent() : small(percent),
                minEnded == null ? defaults.minEnded() : small(minEnded),
                inARow == null ? defaults.failuresInARow() : small(inARow));
    }

    private static int small(long value) {
        return (int) Math.max(-1, Math.min(1_000_000, value));
    }

    private static void onlyKnown(JsonObject o, Set<String> known, String prefix) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw WorkflowException.validation(
                        prefix + key,
                        "is not a field here; known: " + known.stream().sorted().toList());
            }
        }
    }
}
