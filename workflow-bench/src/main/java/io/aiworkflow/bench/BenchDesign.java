package io.aiworkflow.bench;

import io.aiworkflow.domain.definition.FunctionDesign;
import io.aiworkflow.domain.definition.FunctionDesignReader;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * The measured workflow: Start → 10 DataProcess nodes → End, in a line, the same shape as the
 * integration tests' {@code Designs.linear} (each DataProcess renders one string template).
 */
final class BenchDesign {

    static final int DATA_PROCESS_NODES = 10;
    /** Start + DataProcess nodes + End. */
    static final int NODES = DATA_PROCESS_NODES + 2;
    /** node_start + node_complete per node, and workflow_complete. */
    static final int API_EVENTS = 2 * NODES + 1;

    private BenchDesign() {}

    static JsonObject json() {
        JsonArrayBuilder nodes = Json.createArrayBuilder();
        JsonArrayBuilder connections = Json.createArrayBuilder();
        nodes.add(Json.createObjectBuilder()
                .add("nodeKey", "start")
                .add("name", "Start")
                .add("nodeType", "Start")
                .add(
                        "fieldDesigns",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("fieldName", "name")
                                        .add("expressionType", "Fixed")
                                        .add(
                                                "value",
                                                Json.createObjectBuilder()
                                                        .add("fieldType", "String")
                                                        .add("isRequired", false)
                                                        .add("default", "world")))));
        String previous = "start";
        for (int i = 1; i <= DATA_PROCESS_NODES; i++) {
            String key = String.format("n%02d", i);
            nodes.add(Json.createObjectBuilder()
                    .add("nodeKey", key)
                    .add("name", key)
                    .add("nodeType", "DataProcess")
                    .add(
                            "fieldDesigns",
                            Json.createArrayBuilder()
                                    .add(Json.createObjectBuilder()
                                            .add("fieldName", "text")
                                            .add("expressionType", "StringInterpolation")
                                            .add("value", "hello {{input.name}} from " + key))));
            connections.add(connection(previous, key));
            previous = key;
        }
        nodes.add(Json.createObjectBuilder()
                .add("nodeKey", "end")
                .add("name", "End")
                .add("nodeType", "End")
                .add(
                        "fieldDesigns",
                        Json.createArrayBuilder()
                                .add(Json.createObjectBuilder()
                                        .add("fieldName", "answer")
                                        .add("expressionType", "Variable")
                                        .add("value", previous + ".text"))));
        connections.add(connection(previous, "end"));
        return Json.createObjectBuilder()
                .add("nodes", nodes)
                .add("connections", connections)
                .build();
    }

    static FunctionDesign design() {
        return FunctionDesignReader.read(json());
    }

    static JsonObject parameters() {
        return Json.createObjectBuilder().add("name", "bench").build();
    }

    private static JsonObject connection(String from, String to) {
        return Json.createObjectBuilder()
                .add("sourceNodeKey", from)
                .add("targetNodeKey", to)
                .build();
    }
}
