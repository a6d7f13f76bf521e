package io.aiworkflow.domain.definition;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aiworkflow.domain.definition.Designs.field;
import static io.aiworkflow.domain.definition.Designs.fixed;
import static io.aiworkflow.domain.definition.Designs.jsonPath;
import static io.aiworkflow.domain.definition.Designs.template;
import static io.aiworkflow.domain.definition.Designs.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scope roots each expression type reads. */
class ReferencesTest {

    private static List<String> roots(FieldDesign field) {
        return List.copyOf(References.roots(field));
    }

    @Test
    void variableRootIsTheFirstSegment() {
        assertEquals(List.of("node_1"), roots(variable("f", "node_1.items[0].name")));
        assertEquals(List.of("node_1"), roots(variable("f", " node_1[2] ")));
        assertEquals(List.of("input"), roots(variable("f", "input.question")));
        assertEquals(List.of("sys"), roots(variable("f", "sys")));
    }

    @Test
    void jsonPathRootInDotAndBracketNotation() {
        assertEquals(List.of("node_1"), roots(jsonPath("f", "$.node_1.items[0].name")));
        assertEquals(List.of("my-node"), roots(jsonPath("f", "$['my-node'].x")));
        assertEquals(List.of("n"), roots(jsonPath("f", "$[\"n\"]")));
        assertEquals(List.of("loop"), roots(jsonPath("f", "  $.loop.item")));
        assertEquals(List.of(), roots(jsonPath("f", "$..name")), "a deep scan names no root");
    }

    @Test
    void interpolationRootsOfEveryHoleInOrderWithoutDuplicates() {
        assertEquals(
                List.of("a", "input", "b"),
                roots(template("f", "{{ a.x }} asks {{input.q}} then {{b[0]}} and {{a.y}}; { single } {{}}")));
        assertEquals(List.of(), roots(template("f", "no holes")));
    }

    @Test
    void fixedValuesReadOnlyTheirRefOperands() {
        assertEquals(List.of("a", "input"), roots(fixed("conditions", """
                [{'key':'k1','left':{'type':'ref','content':['a','answer']},'operator':'equals',
                  'right':{'type':'value','content':'b'}},
                 {'key':'k2','left':{'type':'value','content':['c']},'operator':'in',
                  'right':{'type':'ref','content':['input','list']}}]""")));
        assertEquals(List.of(), roots(fixed("prompt", "'{{a.x}} is text here'")));
        assertEquals(List.of(), roots(fixed("bad", "{'type':'ref','content':[]}")));
    }

    @Test
    void anUnknownExpressionTypeReadsNothing() {
        assertEquals(List.of(), roots(field("f", "Telepathy", "a.x")));
    }
}
