package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.List;

/**
 * The action's own fields. {@code version} (rerun, retry, replay): {@code original} (default),
 * {@code published} or a number. {@code fromNodeKey}, {@code inputs}, {@code parameters}: the
 * replay's. {@code approved}, {@code nodeKey} (confirm; without a node key every waiting node is
 * answered). {@code versions}, {@code repetitions}: a dataset run's versions (numbers) and how many
 * times each row runs on each.
 */
public record BulkOptions(
        String version,
        String fromNodeKey,
        JsonObject inputs,
        JsonObject parameters,
        Boolean approved,
        String nodeKey,
        List<Integer> versions,
        Integer repetitions) {

    public static final int MAX_REPETITIONS = 100;

    public BulkOptions(
            String version,
            String fromNodeKey,
            JsonObject inputs,
            JsonObject parameters,
            Boolean approved,
            String nodeKey) {
        this(version, fromNodeKey, inputs, parameters, approved, nodeKey, null, null);
    }

    /** These options with a dataset run's versions (numbers, resolved) and repetitions. */
    public BulkOptions withVersions(List<Integer> resolved, int times) {
        return new BulkOptions(
                version, fromNodeKey, inputs, parameters, approved, nodeKey, List.copyOf(resolved), times);
    }

    public int repetitionsOrOne() {
        return repetitions == null ? 1 : repetitions;
    }

    /** Checks that the action has what it needs. */
    public void checkFor(BulkAction action) {
        if (repetitions != null && (repetitions < 1 || repetitions > MAX_REPETITIONS)) {
            throw WorkflowException.validation("repetitions", "must be between 1 and " + MAX_REPETITIONS);
        }
        if (action == BulkAction.REPLAY && (fromNodeKey == null || fromNodeKey.isBlank())) {
            throw WorkflowException.validation("fromNodeKey", "is required for a replay");
        }
        if (action == BulkAction.CONFIRM && approved == null) {
            throw WorkflowException.validation("approved", "is required to confirm (true approves, false rejects)");
        }
    }

    public JsonObject toJson() {
        JsonObjectBuilder json = Jsons.object();
        if (version != null) json.add("version", version);
        if (fromNodeKey != null) json.add("fromNodeKey", fromNodeKey);
        if (inputs != null) json.add("inputs", inputs);
        if (parameters != null) json.add("parameters", parameters);
        if (approved != null) json.add("approved", approved);
        if (nodeKey != null) json.add("nodeKey", nodeKey);
        if (versions != null) json.add("versions", Jsons.toJson(versions));
        if (repetitions != null) json.add("repetitions", repetitions);
        return json.build();
    }

    static BulkOptions fromJson(JsonObject json) {
        return new BulkOptions(
                json.getString("version", null),
                json.getString("fromNodeKey", null),
                object(json.get("inputs")),
                object(json.get("parameters")),
                json.get("approved") == null ? null : json.getBoolean("approved"),
                json.getString("nodeKey", null),
                json.get("versions") instanceof JsonArray a
                        ? a.getValuesAs(JsonNumber.class).stream()
                                .map(JsonNumber::intValue)
                                .toList()
                        : null,
                json.containsKey("repetitions") ? json.getInt("repetitions") : null);
    }

    private static JsonObject object(JsonValue value) {
        return value instanceof JsonObject o ? o : null;
    }
}
