package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.RunDiff;
import io.aiworkflow.engine.runs.RecordedDesigns;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two runs of an app side by side: what differs at the run level and, node by node, each field
 * that differs, with both values (JSON values as the JSON Patch from the first run's to the
 * second's), the same comparison the API's diff endpoint answers.
 */
@Named
@ViewScoped
public class ComparePageBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One difference: where (run or a node), which field, and how it differs (a bean: EL reads getters). */
    public static final class Difference implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String where;
        private final String field;
        private final String change;

        Difference(String where, String field, String change) {
            this.where = where;
            this.field = field;
            this.change = change;
        }

        public String getWhere() {
            return where;
        }

        public String getField() {
            return field;
        }

        public String getChange() {
            return change;
        }
    }

    @Inject
    private InstanceStore instances;

    @Inject
    private RecordedDesigns designs;

    @Inject
    private ConsoleUser user;

    private DesignView graphA;
    private DesignView graphB;

    private String a;
    private String b;
    private List<Difference> differences = List.of();
    private boolean loaded;

    public void load() {
        try {
            Instance left = instances.get(user.caller(), a);
            Instance right = instances.get(user.caller(), b);
            if (!left.appId().equals(right.appId())) {
                throw WorkflowException.validation("b", "run " + b + " is of another app than run " + a);
            }
            differences = differences(RunDiff.between(left, right));
            graphA = RunGraph.view("graphA", left, RunGraph.designJson(left, designs));
            graphB = RunGraph.view("graphB", right, RunGraph.designJson(right, designs));
            loaded = true;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    static List<Difference> differences(JsonObject diff) {
        List<Difference> list = new ArrayList<>();
        diff.getJsonObject("run").forEach((field, change) -> list.add(new Difference("run", field, text(change))));
        for (JsonValue value : diff.getJsonArray("nodes")) {
            JsonObject node = value.asJsonObject();
            String where = node.getString("invokeId");
            if (node.containsKey("only")) {
                list.add(new Difference(where, "ran", "only in run " + node.getString("only")));
                continue;
            }
            for (Map.Entry<String, JsonValue> entry : node.entrySet()) {
                if (!entry.getKey().equals("nodeKey") && !entry.getKey().equals("invokeId")) {
                    list.add(new Difference(where, entry.getKey(), text(entry.getValue())));
                }
            }
        }
        return list;
    }

    private static String text(JsonValue change) {
        return ConsoleJson.pretty(change);
    }

    public String getA() {
        return a;
    }

    public void setA(String a) {
        this.a = a;
    }

    public String getB() {
        return b;
    }

    public void setB(String b) {
        this.b = b;
    }

    public List<Difference> getDifferences() {
        return differences;
    }

    public DesignView getGraphA() {
        return graphA;
    }

    public DesignView getGraphB() {
        return graphB;
    }

    public boolean isLoaded() {
        return loaded;
    }
}
