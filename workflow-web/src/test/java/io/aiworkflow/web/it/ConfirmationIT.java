package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Human confirmation through the HTTP API: workflow_waiting, state Waiting, confirm, reject, conflicts. */
class ConfirmationIT {

    private static final Api api = Api.admin();
    private static String reviewApp;

    @BeforeAll
    static void setUp() {
        reviewApp = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node(
                        "review",
                        "DataProcess",
                        template("text", "draft for {{input.name}}"),
                        fixed("needHumanConfirm", JsonValue.TRUE),
                        fixed(
                                "assignees",
                                Json.createArrayBuilder().add("alice").build()))
                .node("end", "End", variable("answer", "review.text"))
                .connect("start", "review")
                .connect("review", "end")
                .then(built -> Workflows.publish(api, "review", built));
    }

    private static JsonObject execute(String name) {
        return Json.createObjectBuilder()
                .add("appId", reviewApp)
                .add("parameters", Json.createObjectBuilder().add("name", name))
                .build();
    }

    private static Api.Reply confirm(String id, JsonObject body) {
        return api.post("api/app/workflow/instance/" + id + "/confirm", body);
    }

    @Test
    void aRunWaitsThenCompletesWithTheEditedInputs() throws Exception {
        SseClient.Stream stream = SseClient.read(
                SseClient.post("api/app/workflow/execute", execute("Ada"), api.key())
                        .build(),
                3);
        assertEquals(200, stream.status(), stream.errorBody());
        assertEquals(List.of("node_start", "node_complete", "workflow_waiting"), stream.types());
        JsonObject waiting = stream.events().get(2).data();
        assertEquals("review", waiting.getString("nodeKey"));
        assertEquals("DataProcess", waiting.getString("nodeType"));
        assertEquals("draft for Ada", waiting.getJsonObject("inputs").getString("text"));
        assertEquals(Json.createArrayBuilder().add("alice").build(), waiting.getJsonArray("assignees"));
        assertEquals(0, waiting.getJsonNumber("timeoutMs").longValue());
        String id = waiting.getString("instanceId");

        ExecutionIT.awaitState(id, "Waiting");
        Api.Reply listed = api.get("api/app/workflow/instance?appId=" + reviewApp + "&state=Waiting");
        assertEquals(200, listed.status(), listed.body());
        assertTrue(listed.body().contains(id), listed.body());

        Api.Reply ok = confirm(
                id,
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .add("inputs", Json.createObjectBuilder().add("text", "final text"))
                        .build());
        assertEquals(200, ok.status(), ok.body());

        JsonObject instance = ExecutionIT.awaitState(id, "Completed");
        assertEquals("final text", instance.getJsonObject("result").getString("answer"));
        JsonArray nodes = instance.getJsonArray("nodeExecutions");
        JsonObject review = nodes.stream()
                .map(JsonObject.class::cast)
                .filter(n -> "review".equals(n.getString("nodeKey")))
                .findFirst()
                .orElseThrow();
        assertEquals("final text", review.getJsonObject("input").getString("text"));
        assertEquals("Completed", review.getString("state"));

        SseClient.Stream replay = SseClient.read(
                HttpRequest.newBuilder(Api.uri("api/app/workflow/instance/" + id + "/events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + api.key())
                        .GET()
                        .build(),
                100);
        assertEquals(
                List.of(
                        "node_start",
                        "node_complete",
                        "workflow_waiting",
                        "node_start",
                        "node_complete",
                        "node_start",
                        "node_complete",
                        "workflow_complete"),
                replay.types());

        assertEquals(
                409,
                confirm(
                                id,
                                Json.createObjectBuilder()
                                        .add("nodeKey", "review")
                                        .add("approved", true)
                                        .build())
                        .status(),
                "a finished run waits for nothing");
    }

    @Test
    void rejectionFailsTheRunAndWrongAnswersAreRefused() throws Exception {
        Api.Reply started = api.post("api/app/workflow/execute?async=true", execute("Bo"));
        assertEquals(202, started.status(), started.body());
        String id = started.json().getString("instanceId");
        ExecutionIT.awaitState(id, "Waiting");

        Api.Reply wrongNode = confirm(
                id,
                Json.createObjectBuilder()
                        .add("nodeKey", "end")
                        .add("approved", true)
                        .build());
        assertEquals(409, wrongNode.status(), wrongNode.body());
        assertEquals("CONFLICT", wrongNode.code());
        Api.Reply badBody =
                confirm(id, Json.createObjectBuilder().add("nodeKey", "review").build());
        assertEquals(400, badBody.status(), badBody.body());
        Api.Reply badInputs = confirm(
                id,
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .add("inputs", "text")
                        .build());
        assertEquals(400, badInputs.status(), badInputs.body());
        Api.Reply unknown = confirm(
                "00000000-0000-0000-0000-000000000000",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(404, unknown.status(), unknown.body());
        // the node names alice: an editor who is not alice may run the app but not answer for her
        Api editor = SecurityIT.key(api, null, "editor");
        Api.Reply notAssigned = editor.post(
                "api/app/workflow/instance/" + id + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(403, notAssigned.status(), notAssigned.body());
        assertEquals("FORBIDDEN", notAssigned.code());
        assertTrue(notAssigned.body().contains("alice"), notAssigned.body());
        assertEquals(
                "Waiting", api.get("api/app/workflow/instance/" + id).json().getString("state"));

        Api.Reply rejected = confirm(
                id,
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", false)
                        .build());
        assertEquals(200, rejected.status(), rejected.body());
        JsonObject instance = ExecutionIT.awaitState(id, "Failed");
        assertEquals("REJECTED", instance.getJsonObject("error").getString("code"));
    }

    /**
     * Several servers share one database. When this one's heartbeat stalls, another may take over a
     * run it holds: this server must then let go of its copy rather than answer it too. A confirmation
     * is refused (409) and the copy's live stream ends; once the other server is gone, this one takes
     * the run back from history and the answer goes through, each node run recorded once.
     */
    @Test
    void aRunAnotherServerTookOverIsLetGoOfAndTakenBackWhenThatServerStops() throws Exception {
        Api.Reply started = api.post("api/app/workflow/execute?async=true", execute("Flo"));
        String id = started.json().getString("instanceId");
        ExecutionIT.awaitState(id, "Waiting");
        CompletableFuture<SseClient.Stream> live = CompletableFuture.supplyAsync(() -> SseClient.read(
                HttpRequest.newBuilder(Api.uri("api/app/workflow/instance/" + id + "/events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", "Bearer " + api.key())
                        .GET()
                        .build(),
                100));

        DebugChannelIT.Listener watcher = new DebugChannelIT.Listener();
        DebugChannelIT.connect("instanceId=" + id + "&access_token=" + api.key(), watcher);
        DebugChannelIT.awaitDebug(watcher, id, d -> d.getInt("need_human_confirm") == 1);

        String other = UUID.randomUUID().toString(); // another server's id
        TestPlatform.sql(
                "insert into server_heartbeat (server_id, started_at, heartbeat_at)"
                        + " values (?, now(), now() + interval '1 hour')",
                other);
        assertEquals(1, TestPlatform.sql("update workflow_instance set server_id = ? where id = ?", other, id));

        Api.Reply refused = confirm(
                id,
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(409, refused.status(), refused.body());
        assertEquals("CONFLICT", refused.json().getString("code"));
        assertTrue(refused.json().getString("message").contains("no longer held by this server"), refused.body());
        SseClient.Stream stream = live.get(30, TimeUnit.SECONDS);
        assertEquals(
                List.of("node_start", "node_complete", "workflow_waiting"),
                stream.types(),
                "the stream of the let-go copy ends with no terminal event of its own");
        assertEquals(
                1001,
                watcher.closed.get(10, TimeUnit.SECONDS),
                "the debug socket closes (going away): another server follows the run now");
        JsonObject held = api.get("api/app/workflow/instance/" + id).json();
        assertEquals("Waiting", held.getString("state"), "nothing of the let-go copy was recorded");
        assertEquals(1, held.getJsonArray("nodeExecutions").size());

        TestPlatform.sql("delete from server_heartbeat where server_id = ?", other);
        Api.Reply ok = confirm(
                id,
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(200, ok.status(), "taken back from the server that stopped: " + ok.body());
        JsonObject done = ExecutionIT.awaitState(id, "Completed");
        assertEquals("draft for Flo", done.getJsonObject("result").getString("answer"));
        assertEquals(
                List.of("start", "review", "end"),
                done.getJsonArray("nodeExecutions").stream()
                        .map(n -> n.asJsonObject().getString("nodeKey"))
                        .toList());
    }
}
