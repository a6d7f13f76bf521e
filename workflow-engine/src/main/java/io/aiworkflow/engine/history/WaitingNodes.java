package io.aiworkflow.engine.history;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.WaitingChanged.WaitingNode;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code workflow_instance.waiting_nodes} column: the node runs a run waits on and since when,
 * as {@code [{"scope", "nodeKey", "invokeId", "since"}]}. Recovery data only, never shown to clients,
 * so the API's event format can change without breaking take-overs.
 */
final class WaitingNodes {

    private WaitingNodes() {}

    static String toColumn(List<WaitingNode> waiting) {
        JsonArrayBuilder rows = Jsons.array();
        for (WaitingNode w : waiting) {
            rows.add(Jsons.object()
                    .add("scope", w.node().scope() == null ? "" : w.node().scope())
                    .add("nodeKey", w.node().nodeKey())
                    .add("invokeId", w.node().invokeId())
                    .add("since", w.since().toString()));
        }
        return rows.build().toString();
    }

    /**
     * When each waiting node run began to wait, by scope and node key (parallel loop iterations
     * share invoke ids, not scopes); empty for a null column.
     */
    static Map<String, Instant> sinceByScopeAndKey(String column) {
        Map<String, Instant> since = new HashMap<>();
        if (column == null || column.isBlank()) {
            return since;
        }
        JsonArray rows = (JsonArray) Jsons.parse(column);
        for (JsonObject row : rows.getValuesAs(JsonObject.class)) {
            since.put(row.getString("scope") + row.getString("nodeKey"), Instant.parse(row.getString("since")));
        }
        return since;
    }
}
