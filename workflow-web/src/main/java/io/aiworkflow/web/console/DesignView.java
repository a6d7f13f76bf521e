package io.aiworkflow.web.console;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.web.console.graph.GraphSvg;
import io.aiworkflow.web.console.graph.NodeStatus;
import jakarta.json.JsonValue;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/** A stored function design ready to show: the drawn graph, pretty JSON, or why it cannot be drawn. */
public class DesignView implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String svg;
    private final String json;
    private final String note;
    private final int nodeCount;

    private DesignView(String svg, String json, String note, int nodeCount) {
        this.svg = svg;
        this.json = json;
        this.note = note;
        this.nodeCount = nodeCount;
    }

    /** @param id the svg element id, unique within the page */
    public static DesignView of(String id, String designJson, String whenMissing) {
        return of(id, designJson, whenMissing, null);
    }

    /** A draft with the nodes that would stop a publish outlined. */
    public static DesignView withProblems(String id, String designJson, String whenMissing, Set<String> problems) {
        return of(id, designJson, whenMissing, null, problems);
    }

    /** The design as one run went through it: boxes coloured by status (see {@link GraphSvg}). */
    public static DesignView of(String id, String designJson, String whenMissing, Map<String, NodeStatus> statuses) {
        return of(id, designJson, whenMissing, statuses, Set.of());
    }

    private static DesignView of(
            String id, String designJson, String whenMissing, Map<String, NodeStatus> statuses, Set<String> problems) {
        if (designJson == null) {
            return new DesignView(null, null, whenMissing, 0);
        }
        JsonValue value;
        try {
            value = Jsons.parse(designJson);
        } catch (WorkflowException e) {
            return new DesignView(null, designJson, "The design is not valid JSON: " + e.getMessage(), 0);
        }
        String pretty = ConsoleJson.pretty(value);
        try {
            FunctionDesign design = FunctionDesignReader.read(value);
            if (design.nodes().isEmpty()) {
                return new DesignView(null, pretty, "The design has no nodes yet.", 0);
            }
            return new DesignView(
                    GraphSvg.render(id, design, statuses, problems),
                    pretty,
                    null,
                    design.nodes().size());
        } catch (WorkflowException e) {
            return new DesignView(null, pretty, "The design cannot be drawn: " + e.getMessage(), 0);
        }
    }

    public String getSvg() {
        return svg;
    }

    public String getJson() {
        return json;
    }

    public String getNote() {
        return note;
    }

    public int getNodeCount() {
        return nodeCount;
    }
}
