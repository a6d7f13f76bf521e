package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/** Function designs for the tests, written as a designer would send them. */
public final class Designs {

    private Designs() {}

    /** Start → DataProcess nodes → End, the End returning the last node's {@code text}. */
    public static JsonObject linear(String... middle) {
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
        for (String key : middle) {
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
                                        .add("value", previous.equals("start") ? "input.name" : previous + ".text"))));
        connections.add(connection(previous, "end"));
        return Json.createObjectBuilder()
                .add("nodes", nodes)
                .add("connections", connections)
                .build();
    }

    public static JsonObject connection(String from, String to) {
        return Json.createObjectBuilder()
                .add("sourceNodeKey", from)
                .add("targetNodeKey", to)
                .build();
    }
}
