package io.aiworkflow.domain.definition;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static io.aiworkflow.domain.definition.Designs.design;
import static io.aiworkflow.domain.definition.Designs.field;
import static io.aiworkflow.domain.definition.Designs.fixed;
import static io.aiworkflow.domain.definition.Designs.jsonPath;
import static io.aiworkflow.domain.definition.Designs.template;
import static io.aiworkflow.domain.definition.Designs.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The publish-time graph rules: each rule alone, several at once, and large or deep graphs. */
class WorkflowValidatorTest {

    private final WorkflowValidator validator = new WorkflowValidator();

    private List<DesignProblem> validate(Designs design) {
        return validator.validate(design.build());
    }

    private void assertValid(Designs design) {
        List<DesignProblem> problems = validate(design);
        assertTrue(problems.isEmpty(), () -> "expected no problems, got " + problems);
    }

    /** The design has exactly one problem, with this code and node key. */
    private DesignProblem assertOnly(Designs design, String code, String nodeKey) {
        List<DesignProblem> problems = validate(design);
        assertEquals(1, problems.size(), () -> "expected only " + code + ", got " + problems);
        DesignProblem problem = problems.get(0);
        assertEquals(code, problem.code(), problem::toString);
        assertEquals(nodeKey, problem.nodeKey(), problem::toString);
        assertTrue(problem.message() != null && !problem.message().isBlank(), "every problem explains itself");
        return problem;
    }

    /** Start → a (AiChat) → End, with references to input.*, sys.* and an upstream node. */
    private static Designs linear() {
        return design().start("start")
                .ai("a", variable("prompt", "input.question"), template("systemPrompt", "user {{sys.userId}}"))
                .end("end", variable("answer", "a.answer"), jsonPath("usage", "$.a.usage.total"))
                .chain("start", "a", "end");
    }

    @Test
    void aValidLinearDesignHasNoProblems() {
        assertValid(linear());
    }

    @Test
    void aJsonPathRegexFilterIsRefused() {
        assertOnly(
                design().start("start")
                        .ai("a", jsonPath("prompt", "$.input.items[?(@.name =~ /(a+)+$/)]"))
                        .end("end", variable("answer", "a.answer"))
                        .chain("start", "a", "end"),
                "JSONPATH_REGEX_REFUSED",
                "a");
    }

    // --- start and end ---

    @Test
    void missingStart() {
        assertOnly(design().ai("a").end("end").chain("a", "end"), "MISSING_START", null);
    }

    @Test
    void missingEnd() {
        assertOnly(design().start("start").ai("a").chain("start", "a"), "MISSING_END", null);
    }

    @Test
    void multipleEndNamesTheSecondEnd() {
        assertOnly(linear().end("end2").connect("a", "end2"), "MULTIPLE_END", "end2");
    }

    // --- nodes ---

    @Test
    void duplicateNodeKey() {
        assertOnly(linear().ai("a"), "DUPLICATE_NODE_KEY", "a");
    }

    @Test
    void unknownNodeType() {
        assertOnly(
                design().start("start").node("x", "Teleport").end("end").chain("start", "x", "end"),
                "UNKNOWN_NODE_TYPE",
                "x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sys", "input", "loop"})
    void scopeRootsAreReservedNodeKeys(String key) {
        assertOnly(design().start("start").ai(key).end("end").chain("start", key, "end"), "RESERVED_NODE_KEY", key);
    }

    @Test
    void duplicateField() {
        assertOnly(
                design().start("start")
                        .ai("a", fixed("prompt", "'hi'"), fixed("prompt", "'again'"))
                        .end("end")
                        .chain("start", "a", "end"),
                "DUPLICATE_FIELD",
                "a");
    }

    @Test
    void unknownExpressionType() {
        assertOnly(
                design().start("start")
                        .ai("a", field("prompt", "Telepathy", "input.q"))
                        .end("end")
                        .chain("start", "a", "end"),
                "UNKNOWN_EXPRESSION_TYPE",
                "a");
    }

    @Test
    void moreThan500NodesIsTooMany() {
        Designs design = design().start("start");
        for (int i = 1; i <= 499; i++) {
            design.ai("n" + i);
        }
        design.end("end");
        assertEquals(501, design.build().nodes().size());
        assertOnly(design, "TOO_MANY_NODES", null);
    }

    // --- connections ---

    @Test
    void unknownConnectionTargetNamesTheSource() {
        assertOnly(linear().connect("a", "ghost"), "UNKNOWN_CONNECTION_TARGET", "a");
    }

    @Test
    void unknownConnectionSourceNamesTheUnknownNode() {
        DesignProblem problem = assertOnly(linear().connect("ghost", "end"), "UNKNOWN_CONNECTION_SOURCE", "ghost");
        assertTrue(problem.message().contains("ghost"), problem.message());
    }

    @Test
    void unreachableNode() {
        assertOnly(linear().ai("island").connect("island", "end"), "UNREACHABLE", "island");
    }

    @Test
    void deadEnd() {
        assertOnly(linear().ai("b").connect("start", "b"), "DEAD_END", "b");
    }

    @Test
    void cycleNamesANodeOnTheCycle() {
        List<DesignProblem> problems = validate(design().start("start")
                .ai("a")
                .ai("b")
                .end("end")
                .chain("start", "a", "b", "end")
                .connect("b", "a"));
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("CYCLE", problems.get(0).code());
        assertTrue(Set.of("a", "b").contains(problems.get(0).nodeKey()), problems::toString);
    }

    @Test
    void selfLoopIsACycle() {
        assertOnly(linear().connect("a", "a"), "CYCLE", "a");
    }

    // --- Condition ---

    @Test
    void conditionBranchesMustBeLabelledWithAConditionKeyOrElse() {
        Designs design = design().start("start")
                .condition("cond", "yes")
                .ai("a")
                .ai("b")
                .ai("c")
                .end("end")
                .connect("start", "cond")
                .connect("cond", "a", "yes")
                .connect("cond", "b")
                .connect("cond", "c", "maybe")
                .chain("a", "end")
                .chain("b", "end")
                .chain("c", "end");
        List<DesignProblem> problems = validate(design);
        assertEquals(2, problems.size(), problems::toString);
        for (DesignProblem p : problems) {
            assertEquals("UNLABELLED_CONDITION_BRANCH", p.code());
            assertEquals("cond", p.nodeKey());
        }
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("'b'")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("'c'")), problems::toString);
    }

    @Test
    void conditionWithoutConditions() {
        assertOnly(
                design().start("start")
                        .node("cond", NodeType.Condition)
                        .end("end")
                        .connect("start", "cond")
                        .connect("cond", "end", "else"),
                "NO_CONDITIONS",
                "cond");
    }

    @Test
    void conditionWithLabelledBranchesAndAJoin() {
        assertValid(design().start("start")
                .condition("cond", "big", "small")
                .ai("a", variable("prompt", "input.x"))
                .ai("b")
                .ai("c")
                .node(
                        "join",
                        NodeType.DataProcess,
                        variable("fromA", "a.answer"),
                        jsonPath("fromB", "$['b'].answer"),
                        template("fromC", "{{c.answer}}"),
                        variable("branch", "cond.branch"))
                .end("end", variable("result", "join.fromA"))
                .connect("start", "cond")
                .connect("cond", "a", "big")
                .connect("cond", "b", "small")
                .connect("cond", "c", "else")
                .chain("a", "join")
                .chain("b", "join")
                .chain("c", "join")
                .chain("join", "end"));
    }

    @Test
    void errorLabelledConnectionsAreAllowed() {
        assertValid(design().start("start")
                .condition("cond", "yes")
                .ai("a", fixed("onError", "'branch'"))
                .ai("fallback", variable("prompt", "input.q"))
                .end("end")
                .connect("start", "cond")
                .connect("cond", "a", "yes")
                .connect("cond", "end", "else")
                .connect("cond", "fallback", "error")
                .connect("a", "end")
                .connect("a", "fallback", "error")
                .connect("fallback", "end"));
    }

    // --- ForEach ---

    /** Start → each → end; the body is each -body→ b1 → b2, which reads loop.*, b1 and the input. */
    private static Designs loop() {
        return design().start("start")
                .forEach("each")
                .ai("b1", variable("prompt", "loop.item"), template("systemPrompt", "item {{loop.index}}"))
                .node(
                        "b2",
                        NodeType.DataProcess,
                        variable("text", "b1.answer"),
                        jsonPath("q", "$.input.q"),
                        jsonPath("item", "$.loop.item.name"))
                .end("end", variable("results", "each.results"))
                .chain("start", "each", "end")
                .connect("each", "b1", "body")
                .chain("b1", "b2");
    }

    @Test
    void forEachWithABodyThatNeedNotReachEnd() {
        assertValid(loop());
    }

    @Test
    void nestedForEachBodies() {
        assertValid(loop().forEach("inner")
                .ai("deep", variable("prompt", "loop.item"), variable("outer", "b1.answer"))
                .connect("b1", "inner")
                .connect("inner", "deep", "body"));
    }

    @Test
    void aConnectionFromOutsideIntoALoopBody() {
        assertOnly(loop().connect("start", "b2"), "LOOP_BODY_ENTERED", "b2");
    }

    @Test
    void aConnectionFromAnOuterBodyIntoAnInnerBody() {
        assertOnly(
                loop().forEach("inner")
                        .ai("deep", variable("prompt", "loop.item"))
                        .connect("b1", "inner")
                        .connect("inner", "deep", "body")
                        .connect("b2", "deep"),
                "LOOP_BODY_ENTERED",
                "deep");
    }

    @Test
    void forEachWithoutBody() {
        assertOnly(
                design().start("start").forEach("each").end("end").chain("start", "each", "end"),
                "FOREACH_WITHOUT_BODY",
                "each");
    }

    @Test
    void endInLoopBody() {
        assertOnly(
                design().start("start")
                        .forEach("each")
                        .end("end")
                        .connect("start", "each")
                        .connect("each", "end", "body"),
                "END_IN_LOOP_BODY",
                "end");
    }

    @Test
    void loopVariablesOutsideABody() {
        assertOnly(
                design().start("start")
                        .ai("a", template("prompt", "{{loop.item}}"))
                        .end("end")
                        .chain("start", "a", "end"),
                "LOOP_OUTSIDE_BODY",
                "a");
    }

    @Test
    void loopVariablesAfterTheLoopAreOutsideItsBody() {
        assertOnly(
                loop().ai("after", variable("prompt", "loop.index")).chain("each", "after", "end"),
                "LOOP_OUTSIDE_BODY",
                "after");
    }

    @Test
    void nodesAfterALoopCannotReadItsBody() {
        assertOnly(
                loop().ai("after", variable("prompt", "b2.text")).chain("each", "after", "end"),
                "INVALID_REFERENCE",
                "after");
    }

    // --- references ---

    /** Start → a → b → End where a holds {@code field} (which names node b or an unknown node). */
    private static Designs referencing(FieldDesign field) {
        return design().start("start").ai("a", field).ai("b").end("end").chain("start", "a", "b", "end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"b.answer", "b", "b[0].x", "ghost.answer", "a.answer"})
    void variableReferencesMustBeUpstream(String path) {
        assertOnly(referencing(variable("prompt", path)), "INVALID_REFERENCE", "a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.b.answer", "$.ghost.x.y", "$['b']", "$['ghost'].x", "$[\"b\"].answer"})
    void jsonPathReferencesMustBeUpstream(String path) {
        assertOnly(referencing(jsonPath("prompt", path)), "INVALID_REFERENCE", "a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{b.answer}}", "hello {{ input.name }}, {{ghost.x}}!", "{{b}}"})
    void interpolationReferencesMustBeUpstream(String text) {
        assertOnly(referencing(template("prompt", text)), "INVALID_REFERENCE", "a");
    }

    @Test
    void referencesToUpstreamNodesInputAndSysAreValid() {
        assertValid(design().start("start")
                .ai("a")
                .ai(
                        "b",
                        variable("p1", "a.answer"),
                        jsonPath("p2", "$.start.q"),
                        template("p3", "{{sys.userId}} {{input.q}} {{a.usage.total}}"),
                        variable("p4", "sys.timestamp"))
                .end("end")
                .chain("start", "a", "b", "end"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"b", "ghost"})
    void conditionOperandReferencesMustBeUpstream(String node) {
        FieldDesign conditions = fixed(
                "conditions",
                "[{'key':'yes','left':{'type':'ref','content':['" + node
                        + "','answer']},'operator':'equals','right':{'type':'value','content':'x'}}]");
        assertOnly(
                design().start("start")
                        .node("cond", NodeType.Condition, conditions)
                        .ai("b")
                        .end("end")
                        .connect("start", "cond")
                        .connect("cond", "b", "yes")
                        .connect("cond", "end", "else")
                        .connect("b", "end"),
                "INVALID_REFERENCE",
                "cond");
    }

    // --- several problems ---

    @Test
    void everyProblemIsReportedWithItsNode() {
        Designs design = design().start("start")
                .ai("a", fixed("prompt", "'x'"), fixed("prompt", "'y'"), variable("model", "ghost.id"))
                .node("x", "Teleport")
                .ai("dead")
                .ai("input")
                .end("end")
                .chain("start", "a", "x", "end")
                .connect("a", "dead")
                .connect("start", "input")
                .connect("input", "end")
                .connect("x", "nowhere");
        List<String> found = validate(design).stream()
                .map(p -> p.code() + "@" + p.nodeKey())
                .sorted()
                .toList();
        assertEquals(
                List.of(
                        "DEAD_END@dead",
                        "DUPLICATE_FIELD@a",
                        "INVALID_REFERENCE@a",
                        "RESERVED_NODE_KEY@input",
                        "UNKNOWN_CONNECTION_TARGET@x",
                        "UNKNOWN_NODE_TYPE@x"),
                found);
    }

    @Test
    void aCycleDoesNotHideAMissingStartOrEnd() {
        List<String> codes = validate(design().ai("a").ai("b").chain("a", "b", "a")).stream()
                .map(DesignProblem::code)
                .sorted()
                .toList();
        assertEquals(List.of("CYCLE", "MISSING_END", "MISSING_START"), codes);
    }

    // --- size and depth ---

    @Test
    void aChainOf500NodesValidatesWithoutDeepRecursion() throws InterruptedException {
        Designs design = design().start("n0");
        for (int i = 1; i <= 498; i++) {
            design.ai("n" + i, variable("prompt", "n" + (i - 1) + ".answer"), variable("first", "n0.q"));
            design.connect("n" + (i - 1), "n" + i);
        }
        design.end("n499", variable("answer", "n498.answer")).connect("n498", "n499");
        assertEquals(WorkflowValidator.MAX_NODES, design.build().nodes().size());

        // a small stack: a recursive walk 500 nodes deep would overflow it
        AtomicReference<Object> result = new AtomicReference<>();
        Thread thread = new Thread(
                null,
                () -> {
                    try {
                        result.set(validate(design));
                    } catch (Throwable t) {
                        result.set(t);
                    }
                },
                "small-stack",
                128 * 1024);
        thread.start();
        thread.join(Duration.ofSeconds(20).toMillis());
        assertEquals(List.of(), result.get());
    }

    @Test
    void deepDiamondsAreValidatedInLinearTime() {
        // 120 diamonds in a row have 2^120 paths: walking paths rather than nodes never ends
        Designs design = design().start("d0");
        List<String> joins = new ArrayList<>(List.of("d0"));
        for (int i = 1; i <= 120; i++) {
            String top = joins.get(i - 1);
            design.ai("l" + i, variable("p", top + ".answer"))
                    .ai("r" + i, variable("p", "d0.q"))
                    .node(
                            "d" + i,
                            NodeType.DataProcess,
                            variable("l", "l" + i + ".answer"),
                            variable("r", "r" + i + ".answer"),
                            variable("first", "l1.answer"))
                    .connect(top, "l" + i)
                    .connect(top, "r" + i)
                    .connect("l" + i, "d" + i)
                    .connect("r" + i, "d" + i);
            joins.add("d" + i);
        }
        design.end("end", variable("x", "d120.l")).connect("d120", "end");
        List<DesignProblem> problems = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> validate(design));
        assertEquals(List.of(), problems);
    }

    @Test
    void aCycleBelowDeepDiamondsIsFound() {
        Designs design = design().start("d0");
        for (int i = 1; i <= 60; i++) {
            String top = "d" + (i - 1);
            design.ai("l" + i)
                    .ai("r" + i)
                    .ai("d" + i)
                    .connect(top, "l" + i)
                    .connect(top, "r" + i)
                    .connect("l" + i, "d" + i)
                    .connect("r" + i, "d" + i);
        }
        design.end("end").connect("d60", "end").connect("d60", "l1");
        List<DesignProblem> problems = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> validate(design));
        assertEquals(1, problems.size(), problems::toString);
        assertEquals("CYCLE", problems.get(0).code());
    }
}
