package io.aiworkflow.web.console.graph;

import io.aiworkflow.domain.definition.Connection;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphSvgTest {

    private static NodeDesign node(String key, String type) {
        return new NodeDesign(key, key, null, type, List.of());
    }

    @Test
    void layersFollowTheLongestPathFromStart() {
        // start → a → b → end, and a shortcut start → end: end still goes to the last column
        FunctionDesign design = new FunctionDesign(
                List.of(node("end", "End"), node("b", "DataProcess"), node("a", "Condition"), node("start", "Start")),
                List.of(
                        new Connection("start", "a", null), new Connection("a", "b", "yes"),
                        new Connection("b", "end", null), new Connection("start", "end", null)));
        Map<String, GraphLayout.Slot> slots = GraphLayout.layout(design);
        assertEquals(0, slots.get("start").layer());
        assertEquals(1, slots.get("a").layer());
        assertEquals(2, slots.get("b").layer());
        assertEquals(3, slots.get("end").layer());
    }

    @Test
    void brokenDraftsStillDrawEveryNode() {
        FunctionDesign design = new FunctionDesign(
                List.of(
                        node("start", "Start"),
                        node("x", "DataProcess"),
                        node("y", "DataProcess"),
                        node("lost", "Teleport")),
                List.of(
                        new Connection("start", "x", null), new Connection("x", "y", null),
                        new Connection("y", "x", null), new Connection("x", "nowhere", null)));
        Map<String, GraphLayout.Slot> slots = GraphLayout.layout(design);
        assertEquals(4, slots.size());
        assertEquals(0, slots.get("lost").layer());
        assertTrue(slots.get("x").layer() > 0);
        String svg = GraphSvg.render("g", design);
        assertEquals(4, svg.split("class=\"wf-node\"", -1).length - 1);
        assertTrue(svg.contains("data-node-type=\"Teleport\""));
    }

    @Test
    void designTextIsEscaped() {
        FunctionDesign design = new FunctionDesign(
                List.of(
                        new NodeDesign("s", "<script>alert(1)</script>", null, "Start", List.of()),
                        new NodeDesign("e\"><img>", "End", null, "End", List.of())),
                List.of(new Connection("s", "e\"><img>", "a&b<")));
        String svg = GraphSvg.render("g", design);
        assertFalse(svg.contains("<script>"));
        assertFalse(svg.contains("<img>"));
        assertTrue(svg.contains("&lt;script&gt;"));
        assertTrue(svg.contains("a&amp;b&lt;"));
    }

    @Test
    void aRunColoursEachBoxByItsStatusAndUnreachedNodesArePending() {
        FunctionDesign design = new FunctionDesign(
                List.of(node("start", "Start"), node("a", "DataProcess"), node("end", "End")),
                List.of(new Connection("start", "a", null), new Connection("a", "end", null)));
        String svg = GraphSvg.render("run", design, Map.of("start", NodeStatus.SUCCEEDED, "a", NodeStatus.FAILED));
        assertTrue(svg.contains("class=\"wf-node wf-status-succeeded\" data-node-key=\"start\""), svg);
        assertTrue(svg.contains("class=\"wf-node wf-status-failed\" data-node-key=\"a\""), svg);
        assertTrue(svg.contains("class=\"wf-node wf-status-pending\" data-node-key=\"end\""), svg);
        assertFalse(GraphSvg.render("design", design).contains("wf-status-"), "a design alone has no status");
    }

    @Test
    void historyStatesMapToStatuses() {
        assertEquals(NodeStatus.SUCCEEDED, NodeStatus.ofExecution("Completed"));
        assertEquals(NodeStatus.FAILED, NodeStatus.ofExecution("Failed"));
        assertEquals(NodeStatus.SKIPPED, NodeStatus.ofExecution("Skipped"));
        assertEquals(NodeStatus.PENDING, NodeStatus.ofExecution(null));
    }
}
