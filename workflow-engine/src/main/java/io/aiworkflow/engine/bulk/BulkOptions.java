package io.aiworkflow.engine.bulk;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * The action's own fields. {@code version} (rerun, retry, replay): {@code original} (default),
 * {@code published} or a number. {@code fromNodeKey}, {@code inputs}, {@code parameters}: the
 * replay's. {@code approved}, {@code nodeKey} (confirm; without a node key every waiting node is
 * answered). {@code cancelRunning} (cancel of the operation): also cancel the runs its items started.
 */
public record BulkOptions(
        String version,
        String fromNodeKey,
        JsonObject inputs,
        JsonObject parameters,
        Boolean approved,
        String nodeKey) {

    /** Checks that the action has what it needs. */
    public void checkFor(BulkAction action) {
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
        return json.build();
    }

    static BulkOptions fromJson(JsonObject json) {
        return new BulkOptions(
                json.getString("version", null),
                json.getString("fromNodeKey", null),
                object(json.get("inputs")),
                object(json.get("parameters")),
                json.get("approved") == null ? null : json.getBoolean("approved"),
                json.getString("nodeKey", null));
    }

    private static JsonObject object(JsonValue value) {
        return value instanceof JsonObject o ? o : null;
    }
}
