package io.aiworkflow.domain.definition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aiworkflow.domain.definition.Designs.design;
import static io.aiworkflow.domain.definition.Designs.fixed;
import static io.aiworkflow.domain.definition.Designs.template;
import static io.aiworkflow.domain.definition.Designs.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What changed between two designs, node by node, field by field. */
class DesignDiffTest {

    private static FunctionDesign v1() {
        return design().start("start")
                .node(
                        "greet",
                        NodeType.DataProcess,
                        template("text", "hello {{input.name}}"),
                        fixed("timeoutMs", "1000"))
                .node("old", NodeType.DataProcess, variable("x", "greet.text"))
                .end("end", variable("answer", "greet.text"))
                .chain("start", "greet", "old", "end")
                .build();
    }

    @Test
    void nodesFieldsSettingsAndConnectionsThatChanged() {
        FunctionDesign v2 = design().start("start")
                .node("greet", NodeType.DataProcess, template("text", "hi {{input.name}}"), fixed("timeoutMs", "2000"))
                .node("shout", NodeType.DataProcess, template("text", "{{greet.text}}!"))
                .end("end", variable("answer", "shout.text"))
                .chain("start", "greet", "shout", "end")
                .build();

        DesignDiff diff = DesignDiff.between(v1(), v2);

        assertEquals(List.of("shout"), diff.added());
        assertEquals(List.of("old"), diff.removed());
        assertEquals(
                List.of("greet", "end"),
                diff.changed().stream().map(DesignDiff.ChangedNode::nodeKey).toList());
        DesignDiff.ChangedNode greet = diff.changed().get(0);
        assertNull(greet.type(), "its type did not change");
        assertEquals(1, greet.fields().size());
        assertEquals(
                "hello {{input.name}}",
                greet.fields().get(0).from().value().toString().replace("\"", ""));
        assertEquals(
                "hi {{input.name}}",
                greet.fields().get(0).to().value().toString().replace("\"", ""));
        assertEquals(
                List.of("timeoutMs"),
                greet.settings().stream().map(DesignDiff.FieldChange::fieldName).toList());
        assertEquals(
                List.of(new Connection("greet", "shout", null), new Connection("shout", "end", null)),
                diff.connectionsAdded());
        assertEquals(
                List.of(new Connection("greet", "old", null), new Connection("old", "end", null)),
                diff.connectionsRemoved());
    }

    @Test
    void anUnchangedDesignHasNoDifferences() {
        assertTrue(DesignDiff.between(v1(), v1()).isEmpty());
    }
}
