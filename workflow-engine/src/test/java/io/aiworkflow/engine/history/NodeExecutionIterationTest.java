package io.aiworkflow.engine.history;

import io.aiworkflow.engine.history.InstanceViews.NodeExecution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A node run's iteration numbers, read from the graph scope the engine records with it. */
class NodeExecutionIterationTest {

    @Test
    void topLevelAndSubWorkflowRunsHaveNone() {
        assertNull(NodeExecution.iterationOf(""));
        assertNull(NodeExecution.iterationOf(null));
        assertNull(NodeExecution.iterationOf("sub#1/"));
    }

    @Test
    void loopIterationsOutermostFirst() {
        assertEquals("3", NodeExecution.iterationOf("each#1[3]/"));
        assertEquals("2.14", NodeExecution.iterationOf("outer#1[2]/inner#1[14]/"));
        assertEquals("5", NodeExecution.iterationOf("sub#2/each#1[5]/"));
    }
}
