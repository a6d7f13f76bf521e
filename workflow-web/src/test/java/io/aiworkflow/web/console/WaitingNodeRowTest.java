package io.aiworkflow.web.console;

import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.history.InstanceViews.StoredEvent;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The confirm panel's rows: which nodes still wait, and whether the page's user may answer them. */
class WaitingNodeRowTest {

    private static StoredEvent event(long seq, String json) {
        return new StoredEvent(seq, Jsons.parseObject(json));
    }

    @Test
    void nodesStillWaitingWithWhetherTheUserMayAnswerThem() {
        List<StoredEvent> events = List.of(
                event(
                        1,
                        "{\"type\":\"workflow_waiting\",\"nodeKey\":\"a\",\"nodeName\":\"A\",\"assignees\":[\"alice\"],\"inputs\":{\"x\":1}}"),
                event(
                        2,
                        "{\"type\":\"workflow_waiting\",\"nodeKey\":\"b\",\"nodeName\":\"B\",\"assignees\":null,\"inputs\":{}}"),
                event(
                        3,
                        "{\"type\":\"workflow_waiting\",\"nodeKey\":\"c\",\"nodeName\":\"C\",\"assignees\":[],\"inputs\":{}}"),
                event(
                        4,
                        "{\"type\":\"workflow_waiting\",\"nodeKey\":\"d\",\"nodeName\":\"D\",\"assignees\":null,\"inputs\":{}}"),
                event(5, "{\"type\":\"node_start\",\"nodeKey\":\"d\"}"));
        List<JsonArray> asked = new ArrayList<>();

        List<WaitingNodeRow> rows = WaitingNodeRow.of(events, assignees -> {
            asked.add(assignees);
            return assignees == null;
        });

        assertEquals(
                List.of("a", "b", "c"),
                rows.stream().map(WaitingNodeRow::getNodeKey).toList(),
                "d started: answered");
        assertEquals("[alice]", rows.get(0).getAssignees());
        assertFalse(rows.get(0).isAnswerable(), "assigned to someone else");
        assertEquals("", rows.get(1).getAssignees(), "no assignees shows nothing, not 'null'");
        assertTrue(rows.get(1).isAnswerable());
        assertEquals(Jsons.parse("[\"alice\"]"), asked.get(0));
        assertNull(asked.get(1), "null and empty assignees both mean: anyone who may write");
        assertNull(asked.get(2));
    }
}
