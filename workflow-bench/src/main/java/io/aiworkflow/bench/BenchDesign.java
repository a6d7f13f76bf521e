package io.aiworkflow.bench;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The measured workflow: {@link WorkflowDesign#linear} with 10 DataProcess nodes (Start → 10 nodes
 * → End in a line, each DataProcess rendering one string template), as the tests build it too.
 */
final class BenchDesign {

    static final int DATA_PROCESS_NODES = 10;
    /** Start + DataProcess nodes + End. */
    static final int NODES = DATA_PROCESS_NODES + 2;
    /** node_start + node_complete per node, and workflow_complete. */
    static final int API_EVENTS = 2 * NODES + 1;

    private BenchDesign() {}

    /** The last DataProcess node (the one End reads): the replay scenario replays from it. */
    static final String LAST_NODE = String.format("n%02d", DATA_PROCESS_NODES);

    static JsonObject json() {
        String[] keys = new String[DATA_PROCESS_NODES];
        for (int i = 1; i <= DATA_PROCESS_NODES; i++) {
            keys[i - 1] = String.format("n%02d", i);
        }
        return WorkflowDesign.linear(keys).build();
    }

    static FunctionDesign design() {
        return FunctionDesignReader.read(json());
    }

    static JsonObject parameters() {
        return Json.createObjectBuilder().add("name", "bench").build();
    }
}
