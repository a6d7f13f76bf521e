package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.replay.ReplayPlanner;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Locale;

/** A replay plan as a dry run answers it: {@code {nodes: [{nodeKey, action: reuse|run|skip, reason, reusedFrom?}]}}. */
final class ReplayPlanJson {

    private ReplayPlanJson() {}

    static JsonObject of(ReplayPlanner.Plan plan) {
        JsonArrayBuilder nodes = Jsons.array();
        for (ReplayPlanner.Step step : plan.steps()) {
            JsonObjectBuilder n = Jsons.object()
                    .add("nodeKey", step.nodeKey())
                    .add("action", step.action().name().toLowerCase(Locale.ROOT))
                    .add("reason", step.reason());
            if (step.reusedFrom() != null) {
                n.add("reusedFrom", step.reusedFrom());
            }
            nodes.add(n);
        }
        return Jsons.object().add("nodes", nodes).build();
    }
}
