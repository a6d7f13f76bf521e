package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds and publishes workflow apps for the execution tests. */
public final class Workflows {

    private final JsonArrayBuilder nodes = Json.createArrayBuilder();
    private final JsonArrayBuilder connections = Json.createArrayBuilder();

    public static Workflows design() {
        return new Workflows();
    }

    public Workflows node(String key, String type, JsonObjectBuilder... fields) {
        JsonArrayBuilder fds = Json.createArrayBuilder();
        for (JsonObjectBuilder f : fields) {
            fds.add(f);
        }
        nodes.add(Json.createObjectBuilder()
                .add("nodeKey", key)
                .add("name", key)
                .add("nodeType", type)
                .add("fieldDesigns", fds));
        return this;
    }

    public Workflows connect(String from, String to) {
        connections.add(Designs.connection(from, to));
        return this;
    }

    public Workflows connect(String from, String to, String label) {
        connections.add(Json.createObjectBuilder()
                .add("sourceNodeKey", from)
                .add("targetNodeKey", to)
                .add("label", label));
        return this;
    }

    public static JsonObjectBuilder fixed(String name, JsonValue value) {
        return Json.createObjectBuilder()
                .add("fieldName", name)
                .add("expressionType", "Fixed")
                .add("value", value);
    }

    public static JsonObjectBuilder fixed(String name, String value) {
        return fixed(name, Json.createValue(value));
    }

    public static JsonObjectBuilder variable(String name, String path) {
        return Json.createObjectBuilder()
                .add("fieldName", name)
                .add("expressionType", "Variable")
                .add("value", path);
    }

    public static JsonObjectBuilder template(String name, String text) {
        return Json.createObjectBuilder()
                .add("fieldName", name)
                .add("expressionType", "StringInterpolation")
                .add("value", text);
    }

    public static JsonObjectBuilder param(String name, String type, boolean required) {
        return fixed(
                name,
                Json.createObjectBuilder()
                        .add("fieldType", type)
                        .add("isRequired", required)
                        .build());
    }

    public JsonObject build() {
        return Json.createObjectBuilder()
                .add("nodes", nodes)
                .add("connections", connections)
                .build();
    }

    /** Creates a Workflow app with this design, publishes it, returns the appId. */
    public String publish(Api api, String name) {
        Api.Reply created = api.post(
                "api/app/team/create",
                Json.createObjectBuilder().add("name", name).add("appType", 2).build());
        assertEquals(201, created.status(), created.body());
        String appId = created.json().getString("appId");
        Api.Reply saved = api.put(
                "api/app/workflow/definition/" + appId,
                Json.createObjectBuilder().add("functionDesignDraft", build()).build());
        assertEquals(200, saved.status(), saved.body());
        Api.Reply published = api.post("api/app/workflow/definition/" + appId + "/publish", null);
        assertEquals(200, published.status(), published.body());
        return appId;
    }
}
