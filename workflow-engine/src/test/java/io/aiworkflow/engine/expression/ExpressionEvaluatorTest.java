package io.aiworkflow.engine.expression;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.support.J;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.jsonPath;
import static io.aiworkflow.engine.support.Fields.text;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four expression kinds over a scope with sys, input, node outputs and a loop. */
class ExpressionEvaluatorTest {

    private final ExpressionEvaluator evaluator = new ExpressionEvaluator();

    private static Scope scope() {
        Scope scope = Scope.root(Scope.sys(11, 7, 1_700_000_000_000L, "run-1"), J.obj("{'name':'Ada','n':2}"));
        scope.putNodeOutput(
                "node_1", J.obj("{'items':[{'name':'x','tags':['a','b']},{'name':'y','tags':[]}],'count':2}"));
        return scope;
    }

    private JsonValue eval(FieldDesign field, Scope scope) {
        return evaluator.evaluate(field, scope);
    }

    @Test
    void fixedIsTheLiteral() {
        assertEquals(J.json("{'a':[1,true,null]}"), eval(fixed("f", J.json("{'a':[1,true,null]}")), scope()));
    }

    @Test
    void variableFollowsDotsAndIndexes() {
        Scope s = scope();
        assertEquals(J.json("'Ada'"), eval(var("v", "input.name"), s));
        assertEquals(J.json("'x'"), eval(var("v", "node_1.items[0].name"), s));
        assertEquals(J.json("'b'"), eval(var("v", "node_1.items[0].tags[1]"), s));
        assertEquals(J.json("'y'"), eval(var("v", "node_1.items[-1].name"), s));
        assertEquals(J.json("7"), eval(var("v", "sys.teamId"), s));
        assertEquals(J.json("'run-1'"), eval(var("v", "sys.instanceId"), s));
        assertEquals(JsonValue.NULL, eval(var("v", "node_1.items[5].name"), s));
        assertEquals(JsonValue.NULL, eval(var("v", "nobody.field"), s));
        assertThrows(ExpressionException.class, () -> eval(var("v", "node_1.items[x"), s));
    }

    @Test
    void jsonPathRunsOverTheWholeScope() {
        Scope s = scope();
        assertEquals(J.json("'x'"), eval(jsonPath("p", "$.node_1.items[0].name"), s));
        assertEquals(J.json("['x','y']"), eval(jsonPath("p", "$.node_1.items[*].name"), s));
        assertEquals(J.json("['x']"), eval(jsonPath("p", "$.node_1.items[?(@.tags.length() > 0)].name"), s));
        assertEquals(J.json("2"), eval(jsonPath("p", "$.input.n"), s));
        assertEquals(JsonValue.NULL, eval(jsonPath("p", "$.node_1.missing"), s));
        assertThrows(ExpressionException.class, () -> eval(jsonPath("p", "$.node_1[[["), s));
        ExpressionException regex = assertThrows(
                ExpressionException.class, () -> eval(jsonPath("p", "$.node_1.items[?(@.name =~ /(x+x+)+y/)]"), s));
        assertTrue(regex.getMessage().contains("=~"), regex.getMessage());
    }

    @Test
    void interpolationFillsHolesWithTextJsonOrNothing() {
        Scope s = scope();
        assertEquals(
                Jsons.string("Hi Ada, 2 items: {\"name\":\"x\",\"tags\":[\"a\",\"b\"]} []"),
                eval(
                        text(
                                "t",
                                "Hi {{input.name}}, {{ node_1.count }} items: {{node_1.items[0]}} [{{node_1.nothing}}]"),
                        s));
    }

    @Test
    void aLoopIterationSeesLoopAndItsOwnOutputsWhileTheParentDoesNot() {
        Scope parent = scope();
        Scope iteration = parent.loopIteration(J.json("{'id':9}"), 3);
        iteration.putNodeOutput("inner", J.obj("{'v':1}"));

        assertEquals(J.json("9"), eval(var("v", "loop.item.id"), iteration));
        assertEquals(J.json("3"), eval(var("v", "loop.index"), iteration));
        assertEquals(J.json("'Ada'"), eval(var("v", "input.name"), iteration));
        assertEquals(J.json("1"), eval(jsonPath("p", "$.inner.v"), iteration));
        assertEquals(JsonValue.NULL, eval(var("v", "inner.v"), parent));
        assertEquals(JsonValue.NULL, eval(var("v", "loop.item"), parent));
    }
}
