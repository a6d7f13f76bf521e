package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.WorkflowFailed;
import io.aiworkflow.engine.event.WorkflowFinished;
import io.aiworkflow.engine.support.Engines;
import io.aiworkflow.engine.support.J;
import io.aiworkflow.engine.support.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.aiworkflow.engine.support.DesignBuilder.design;
import static io.aiworkflow.engine.support.Fields.param;
import static io.aiworkflow.engine.support.Fields.var;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start parameters are checked before any node runs; defaults fill the gaps. */
class StartParametersTest {

    private final Engines engines = new Engines();

    @AfterEach
    void close() throws Exception {
        engines.close();
    }

    private static FunctionDesign design1() {
        return design().start(
                        param("name", "String", true),
                        param("count", "Number", false, 3),
                        param("flag", "Boolean", false),
                        param("tags", "Array", false),
                        param("meta", "Object", false),
                        param("any", "Dynamic", false))
                .end(var("name", "input.name"), var("count", "start.count"), var("all", "start.parameters"))
                .chain("start", "end")
                .build();
    }

    @Test
    void missingRequiredParameterFailsTheRunBeforeAnyNodeStarts() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(design1(), J.obj("{'count':1}"), sink);

        assertEquals(List.of("WorkflowStarted", "WorkflowFailed"), sink.lines());
        WorkflowFailed failed = (WorkflowFailed) terminal;
        assertEquals("VALIDATION_ERROR", failed.code());
        assertTrue(failed.message().contains("'name'"), failed.message());
    }

    @Test
    void wronglyTypedParameterFailsTheRun() throws Exception {
        for (String bad : List.of(
                "{'name':5}",
                "{'name':'x','count':'3'}",
                "{'name':'x','flag':'yes'}",
                "{'name':'x','tags':{}}",
                "{'name':'x','meta':[]}")) {
            RecordingSink sink = new RecordingSink();

            EngineEvent terminal = engines.run(design1(), J.obj(bad), sink);

            assertEquals(List.of("WorkflowStarted", "WorkflowFailed"), sink.lines(), bad);
            assertEquals("VALIDATION_ERROR", ((WorkflowFailed) terminal).code(), bad);
        }
    }

    @Test
    void defaultsAreAppliedAndStartOutputsEachParameterAndAllOfThem() throws Exception {
        RecordingSink sink = new RecordingSink();

        EngineEvent terminal = engines.run(design1(), J.obj("{'name':'Ada','any':[1],'extra':'dropped'}"), sink);

        assertEquals(
                J.obj("{'name':'Ada','count':3,'all':{'name':'Ada','count':3,'flag':null,'tags':null,"
                        + "'meta':null,'any':[1]}}"),
                ((WorkflowFinished) terminal).result());
        assertEquals(
                J.obj("{'name':'Ada','count':3,'flag':null,'tags':null,'meta':null,'any':[1],"
                        + "'parameters':{'name':'Ada','count':3,'flag':null,'tags':null,'meta':null,'any':[1]}}"),
                sink.first(NodeFinished.class, "start").outputs());
    }
}
