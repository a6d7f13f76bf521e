package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input gets a clear error in the API's error format and leaves nothing half-written. */
class BadInputIT {

    private static final Api api = Api.admin();
    private static String appId;

    @BeforeAll
    static void app() {
        appId = api.post(
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add("name", "bad input target")
                                .add("appType", 2)
                                .build())
                .json()
                .getString("appId");
    }

    @Test
    void malformedJsonIsInvalidJson() {
        Api.Reply reply = api.post("api/app/team/create", "{\"name\": \"x\", ");
        assertEquals(400, reply.status());
        assertEquals("INVALID_JSON", reply.code());
        assertNotNull(reply.json().getString("message"));
    }

    @Test
    void missingAndWronglyTypedFieldsNameTheField() {
        Api.Reply missing = api.post(
                "api/app/team/create",
                Json.createObjectBuilder().add("appType", 2).build());
        assertEquals(400, missing.status());
        assertEquals("VALIDATION_ERROR", missing.code());
        assertEquals("name", missing.json().getJsonObject("details").getString("field"));

        Api.Reply wrongType = api.post(
                "api/app/team/create",
                Json.createObjectBuilder()
                        .add("name", "x")
                        .add("appType", "workflow")
                        .build());
        assertEquals("appType", wrongType.json().getJsonObject("details").getString("field"));

        Api.Reply badType = api.post(
                "api/app/team/create",
                Json.createObjectBuilder().add("name", "x").add("appType", 7).build());
        assertEquals(400, badType.status());

        Api.Reply notObject = api.post("api/app/team/create", "[1,2]");
        assertEquals("VALIDATION_ERROR", notObject.code());
    }

    @Test
    void unknownIdsAreNotFound() {
        assertEquals(
                "APP_NOT_FOUND",
                api.get("api/app/workflow/definition/00000000-0000-0000-0000-000000000000")
                        .code());
        assertEquals(
                "APP_NOT_FOUND",
                api.post(
                                "api/app/team/set_disable",
                                Json.createObjectBuilder()
                                        .add("appId", "nope")
                                        .add("isDisabled", true)
                                        .build())
                        .code());
        Api.Reply unknownPath = api.get("api/no/such/path");
        assertEquals(404, unknownPath.status());
        assertEquals("NOT_FOUND", unknownPath.code());
    }

    @Test
    void oversizedBodiesAre413EvenWhenChunked() {
        String big = "{\"name\":\"" + "x".repeat(5 * 1024 * 1024) + "\",\"appType\":2}";
        Api.Reply declared = api.post("api/app/team/create", big);
        assertEquals(413, declared.status(), declared.body());
        assertEquals("PAYLOAD_TOO_LARGE", declared.code());

        // a chunked body of the same size: the server reads up to the limit, answers 413 and may close
        HttpRequest chunked = HttpRequest.newBuilder(Api.uri("api/app/team/create"))
                .header("Authorization", "Bearer " + TestPlatform.ADMIN_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())))
                .build();
        try {
            assertEquals(413, Api.send(chunked).status());
        } catch (IllegalStateException closedWhileSending) {
            // the server may close before the client finished sending; then nothing must have been created
        }
        assertEquals(0, api.get("api/app/team/list?name=xxxxxxxxxx").json().getInt("total"));
    }

    @Test
    void aMalformedDraftLeavesTheStoredDraftUnchanged() {
        JsonObject good = WorkflowDesign.linear("a").build();
        assertEquals(
                200,
                api.put(
                                "api/app/workflow/definition/" + appId,
                                Json.createObjectBuilder()
                                        .add("functionDesignDraft", good)
                                        .build())
                        .status());
        Api.Reply bad = api.put(
                "api/app/workflow/definition/" + appId,
                Json.createObjectBuilder()
                        .add("name", "renamed by a bad request")
                        .add("functionDesignDraft", Json.createObjectBuilder().add("nodes", "not an array"))
                        .build());
        assertEquals(400, bad.status());
        assertEquals("VALIDATION_ERROR", bad.code());
        JsonObject stored = api.get("api/app/workflow/definition/" + appId).json();
        assertEquals(good, stored.getJsonObject("functionDesignDraft"));
        assertEquals("bad input target", stored.getString("name"));
    }

    @Test
    void publishListsEveryProblemWithItsNodeKey() {
        JsonObject broken = WorkflowDesign.design()
                .node("s", "Start")
                .node("a", "DataProcess")
                .node("a", "DataProcess")
                .node("x", "Teleport")
                .node("lonely", "DataProcess")
                .chain("s", "a", "ghost")
                .build();
        api.put(
                "api/app/workflow/definition/" + appId,
                Json.createObjectBuilder().add("functionDesignDraft", broken).build());
        Api.Reply reply = api.post("api/app/workflow/definition/" + appId + "/publish", null);
        assertEquals(400, reply.status());
        assertEquals("VALIDATION_ERROR", reply.code());
        var problems = reply.json().getJsonObject("details").getJsonArray("problems");
        String text = problems.toString();
        assertTrue(text.contains("MISSING_END"), text);
        assertTrue(text.contains("DUPLICATE_NODE_KEY"), text);
        assertTrue(text.contains("UNKNOWN_NODE_TYPE") && text.contains("\"x\""), text);
        assertTrue(text.contains("UNKNOWN_CONNECTION_TARGET"), text);
        assertTrue(text.contains("UNREACHABLE") && text.contains("lonely"), text);
        assertFalse(api.get("api/app/workflow/definition/" + appId).json().getBoolean("isPublish"));
        assertEquals(
                0,
                api.get("api/app/workflow/definition/" + appId + "/versions")
                        .value()
                        .asJsonArray()
                        .size());
    }

    @Test
    void aCycleIsRejectedAtPublish() {
        JsonObject cyclic = WorkflowDesign.design()
                .node("s", "Start")
                .node("a", "DataProcess")
                .node("b", "DataProcess")
                .node("e", "End")
                .chain("s", "a", "b", "a")
                .connect("b", "e")
                .build();
        api.put(
                "api/app/workflow/definition/" + appId,
                Json.createObjectBuilder().add("functionDesignDraft", cyclic).build());
        Api.Reply reply = api.post("api/app/workflow/definition/" + appId + "/publish", null);
        assertTrue(reply.body().contains("CYCLE"), reply.body());
    }
}
