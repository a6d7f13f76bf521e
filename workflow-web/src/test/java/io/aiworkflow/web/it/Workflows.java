package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

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
}
