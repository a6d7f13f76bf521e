package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Publishes workflow apps for the execution tests, through the API as a designer would. */
public final class Workflows {

    private Workflows() {}

    /** Creates a Workflow app with this design (built with WorkflowDesign), publishes it, returns the appId. */
    public static String publish(Api api, String name, JsonObject design) {
        Api.Reply created = api.post(
                "api/app/team/create",
                Json.createObjectBuilder().add("name", name).add("appType", 2).build());
        assertEquals(201, created.status(), created.body());
        String appId = created.json().getString("appId");
        Api.Reply saved = api.put(
                "api/app/workflow/definition/" + appId,
                Json.createObjectBuilder().add("functionDesignDraft", design).build());
        assertEquals(200, saved.status(), saved.body());
        Api.Reply published = api.post("api/app/workflow/definition/" + appId + "/publish", null);
        assertEquals(200, published.status(), published.body());
        return appId;
    }

    /**
     * Publishes "start → review → end", where review waits for a person (named in {@code assignees},
     * or anyone who may write when none is named) before it drafts a text for the {@code name} parameter.
     */
    public static String reviewApp(Api api, String name, String... assignees) {
        List<JsonObject> review = new ArrayList<>(List.of(
                WorkflowDesign.template("text", "draft for {{input.name}}"),
                WorkflowDesign.fixed("needHumanConfirm", JsonValue.TRUE)));
        if (assignees.length > 0) {
            review.add(WorkflowDesign.fixed(
                    "assignees", Json.createArrayBuilder(List.of(assignees)).build()));
        }
        WorkflowDesign design = WorkflowDesign.design()
                .node("start", "Start", WorkflowDesign.param("name", "String", true))
                .node("review", "DataProcess", review.toArray(JsonObject[]::new))
                .node("end", "End", WorkflowDesign.variable("answer", "review.text"))
                .connect("start", "review")
                .connect("review", "end");
        return publish(api, name, design.build());
    }

    /** Starts a run of a {@link #reviewApp} and returns its id once it waits for the person. */
    public static String waitingRun(String appId, String name) throws InterruptedException {
        Api.Reply run = Api.admin()
                .post(
                        "api/app/workflow/execute?async=true",
                        Json.createObjectBuilder()
                                .add("appId", appId)
                                .add("parameters", Json.createObjectBuilder().add("name", name))
                                .build());
        assertEquals(202, run.status(), run.body());
        String id = run.json().getString("instanceId");
        ExecutionIT.awaitState(id, "Waiting");
        return id;
    }

    /** The design with one more node, "orphan", that nothing reaches: a design validation refuses. */
    public static JsonObject withOrphan(JsonObject design) {
        return Json.createObjectBuilder(design)
                .add(
                        "nodes",
                        Json.createArrayBuilder(design.getJsonArray("nodes"))
                                .add(Json.createObjectBuilder()
                                        .add("nodeKey", "orphan")
                                        .add("name", "Orphan")
                                        .add("nodeType", "DataProcess")
                                        .add("fieldDesigns", Json.createArrayBuilder())))
                .build();
    }
}
