package io.aiworkflow.engine.node;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.node.script.JavaScriptNode;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.aiworkflow.domain.definition.NodeType.JavaScript;
import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.fixed;
import static io.aiworkflow.engine.support.Fields.fixedJson;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JavaScript node in a run: results, logs, errors, time limit and the sandbox. */
class JavaScriptNodeTest {

    private static final JavaScriptNode JS = new JavaScriptNode();
    private static Engines engines;

    @BeforeAll
    static void start() {
        engines = new Engines(JS);
    }

    @AfterAll
    static void stop() throws Exception {
        engines.close();
        JS.close();
    }

    private static EngineEvent runScript(String code, RecordingSink sink, FieldDesign... extra) throws Exception {
        List<FieldDesign> fields = new ArrayList<>(List.of(fixed("code", code), fixed("a", 2), var("b", "input.b")));
        fields.addAll(List.of(extra));
        FunctionDesign d = design().start(param("b", "Number", false, 3))
                .node("js", JavaScript, fields.toArray(FieldDesign[]::new))
                .end(var("out", "js"))
                .chain("start", "js", "end")
                .build();
        return engines.run(d, null, sink);
    }

    private static WorkflowFinished finished(EngineEvent e) {
        assertTrue(e instanceof WorkflowFinished, "expected WorkflowFinished, got " + e);
        return (WorkflowFinished) e;
    }

    @Test
    void theReturnedObjectIsTheOutput() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal =
                runScript("function main(input) { return {sum: input.a + input.b, list: [1, 'x']}; }", sink);

        assertEquals(
                J.obj("{'out':{'sum':5,'list':[1,'x']}}"), finished(terminal).result());
    }

    @Test
    void aNonObjectResultIsWrappedAsResult() throws Exception {
        EngineEvent terminal = runScript("function main(input) { return input.a * 21; }", new RecordingSink());

        assertEquals(J.obj("{'out':{'result':42}}"), finished(terminal).result());
    }

    @Test
    void anAsyncMainGivesWhatItsPromiseResolvesTo() throws Exception {
        EngineEvent terminal = runScript(
                "async function main(input) { const b = await Promise.resolve(input.b); return {sum: input.a + b}; }",
                new RecordingSink());

        assertEquals(J.obj("{'out':{'sum':5}}"), finished(terminal).result());
    }

    @Test
    void aRejectedOrNeverSettledPromiseIsAScriptError() throws Exception {
        RecordingSink rejected = new RecordingSink();
        runScript("async function main(input) { throw new Error('no quota'); }", rejected);
        NodeFailed failed = rejected.first(NodeFailed.class, "js");
        assertEquals("SCRIPT_ERROR", failed.code());
        assertEquals("no quota", failed.message());

        RecordingSink pending = new RecordingSink();
        runScript("function main(input) { return new Promise(() => {}); }", pending);
        assertEquals("SCRIPT_ERROR", pending.first(NodeFailed.class, "js").code());
    }

    @Test
    void consoleLogLinesAreReportedAsTraceData() throws Exception {
        RecordingSink sink = new RecordingSink();

        runScript("function main(input) { console.log('hello', input.a); console.log('bye'); return {}; }", sink);

        List<NodeTraced> traces = sink.all(NodeTraced.class);
        assertEquals(1, traces.size());
        assertEquals(J.obj("{'logs':['hello 2','bye']}"), traces.get(0).data());
    }

    @Test
    void anEndlessLoopTimesOutThatNodeOnlyAndOnErrorContinueGoesOn() throws Exception {
        RecordingSink sink = new RecordingSink();
        long t0 = System.nanoTime();

        EngineEvent terminal = runScript(
                "function main(input) { while (true) {} }",
                sink,
                fixed("timeoutMs", 300),
                fixed("onError", "continue"),
                fixedJson("defaultOutput", "{'fallback':true}"));

        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        NodeFailed failed = sink.first(NodeFailed.class, "js");
        assertEquals("SCRIPT_TIMEOUT", failed.code());
        assertTrue(failed.handled());
        assertEquals(J.obj("{'out':{'fallback':true}}"), finished(terminal).result());
    }

    @Test
    void theHostIsOutOfReach() throws Exception {
        String probe = "function main(input) {"
                + " var r = {};"
                + " try { r.javaType = String(Java.type('java.lang.System')); } catch (e) { r.javaType = 'blocked'; }"
                + " try { r.javaPackage = String(java.lang.System.getProperty('user.home')); } catch (e) { r.javaPackage = 'blocked'; }"
                + " try { r.polyglot = String(Polyglot.eval('js', '1')); } catch (e) { r.polyglot = 'blocked'; }"
                + " r.require = typeof require; r.process = typeof process;"
                + " return r; }";

        EngineEvent terminal = runScript(probe, new RecordingSink());

        assertEquals(
                J.obj("{'out':{'javaType':'blocked','javaPackage':'blocked','polyglot':'blocked',"
                        + "'require':'undefined','process':'undefined'}}"),
                finished(terminal).result());
    }

    @Test
    void syntaxAndRuntimeErrorsFailWithScriptErrorAndTheMessage() throws Exception {
        EngineEvent syntax = runScript("function main(input) { return {; }", new RecordingSink());
        assertEquals("SCRIPT_ERROR", ((WorkflowFailed) syntax).code());
        assertTrue(((WorkflowFailed) syntax).message().contains("SyntaxError"), ((WorkflowFailed) syntax).message());

        RecordingSink sink = new RecordingSink();
        EngineEvent thrown =
                runScript("function main(input) { console.log('before'); throw new Error('bad input'); }", sink);
        assertEquals("SCRIPT_ERROR", ((WorkflowFailed) thrown).code());
        assertTrue(((WorkflowFailed) thrown).message().contains("bad input"));
        assertEquals(
                J.obj("{'logs':['before']}"), sink.all(NodeTraced.class).get(0).data());

        EngineEvent noMain = runScript("var x = 1;", new RecordingSink());
        assertEquals("SCRIPT_ERROR", ((WorkflowFailed) noMain).code());
    }
}
