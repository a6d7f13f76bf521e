package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run waiting for a human outlives its server: after a graceful restart, and after a crash, the run
 * is still Waiting with its history, its confirmation timeout still fires, and a confirmation
 * completes it without re-running the nodes that had ended.
 */
class DurableConfirmationIT {

    private static final Api api = Api.admin();
    private static String reviewApp;
    private static String timedApp;
    private static String deletedApp;
    private static String loopApp;
    private static String untracedApp;

    @BeforeAll
    static void setUp() {
        reviewApp = review("durable-review", JsonValue.TRUE);
        timedApp = review(
                "durable-timed",
                Json.createObjectBuilder().add("timeoutMs", 15_000).build());
        deletedApp = review("durable-deleted", JsonValue.TRUE);
        untracedApp = review("durable-untraced", JsonValue.TRUE);
        Api.Reply level = api.put(
                "api/app/workflow/definition/" + untracedApp,
                Json.createObjectBuilder().add("traceLevel", "none").build());
        assertEquals(200, level.status(), level.body());
        loopApp = WorkflowDesign.design()
                .node("start", "Start", param("items", "Array", true))
                .node("each", "ForEach", variable("items", "input.items"))
                .node(
                        "review",
                        "DataProcess",
                        template("text", "draft {{loop.item}}"),
                        fixed("needHumanConfirm", JsonValue.TRUE))
                .node("end", "End", variable("results", "each.results"))
                .connect("start", "each")
                .connect("each", "review", "body")
                .connect("each", "end")
                .then(built -> Workflows.publish(api, "durable-loop", built));
    }

    private static String review(String name, JsonValue needHumanConfirm) {
        return WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node("draft", "DataProcess", template("text", "draft for {{input.name}}"))
                .node(
                        "review",
                        "DataProcess",
                        variable("text", "draft.text"),
                        fixed("needHumanConfirm", needHumanConfirm))
                .node("end", "End", variable("answer", "review.text"))
                .connect("start", "draft")
                .connect("draft", "review")
                .connect("review", "end")
                .then(built -> Workflows.publish(api, name, built));
    }

    private static String startWaiting(String appId, String name) throws InterruptedException {
        Api.Reply started = api.post(
                "api/app/workflow/execute?async=true",
                Json.createObjectBuilder()
                        .add("appId", appId)
                        .add("parameters", Json.createObjectBuilder().add("name", name))
                        .build());
        assertEquals(202, started.status(), started.body());
        String id = started.json().getString("instanceId");
        ExecutionIT.awaitState(id, "Waiting");
        return id;
    }

    /** A run of the loop app over two items, its first review approved, waiting for the second. */
    private static String startLoopWaitingInItsSecondIteration() throws InterruptedException {
        Api.Reply started = api.post(
                "api/app/workflow/execute?async=true",
                Json.createObjectBuilder()
                        .add("appId", loopApp)
                        .add(
                                "parameters",
                                Json.createObjectBuilder()
                                        .add(
                                                "items",
                                                Json.createArrayBuilder()
                                                        .add("one")
                                                        .add("two")))
                        .build());
        String id = started.json().getString("instanceId");
        ExecutionIT.awaitState(id, "Waiting");
        Api.Reply first = api.post(
                "api/app/workflow/instance/" + id + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .add("inputs", Json.createObjectBuilder().add("text", "first, approved"))
                        .build());
        assertEquals(200, first.status(), first.body());
        // start, loop, the first review (waiting, then run), and the second review waiting
        assertEquals(
                List.of(
                        "node_start",
                        "node_complete",
                        "node_start",
                        "workflow_waiting",
                        "node_start",
                        "node_complete",
                        "workflow_waiting"),
                eventTypes(id, 7));
        ExecutionIT.awaitState(id, "Waiting");
        return id;
    }

    /** The types of the run's recorded events, and live ones while it runs on the server (until {@code max}). */
    private static List<String> eventTypes(String id, int max) {
        return events(id, max).stream().map(e -> e.getString("type")).toList();
    }

    private static List<JsonObject> events(String id, int max) {
        HttpRequest request = HttpRequest.newBuilder(Api.uri("api/app/workflow/instance/" + id + "/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + api.key())
                .GET()
                .build();
        SseClient.Stream replay;
        try {
            // a live stream with fewer events than max would block for ever
            replay = CompletableFuture.supplyAsync(() -> SseClient.read(request, max))
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the event stream of " + id + " did not give " + max + " events", e);
        }
        assertEquals(200, replay.status(), replay.errorBody());
        return replay.events().stream().map(SseClient.Event::data).toList();
    }

    /**
     * The new server announces a run it took over with a second workflow_waiting: until then the
     * replay ends after the five recorded events; then it follows the run, whose sixth event that is.
     */
    private static void awaitAdopted(String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (eventTypes(id, 6).stream().filter("workflow_waiting"::equals).count() == 2) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no server took over the waiting run " + id + ": " + eventTypes(id, 6));
    }

    private static void confirmAndComplete(String id, String text) throws InterruptedException {
        Api.Reply ok = api.post(
                "api/app/workflow/instance/" + id + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .add("inputs", Json.createObjectBuilder().add("text", text))
                        .build());
        assertEquals(200, ok.status(), ok.body());
        JsonObject done = ExecutionIT.awaitState(id, "Completed");
        assertEquals(text, done.getJsonObject("result").getString("answer"));
        assertEquals(
                List.of(
                        "node_start",
                        "node_complete",
                        "node_start",
                        "node_complete",
                        "workflow_waiting",
                        "workflow_waiting",
                        "node_start",
                        "node_complete",
                        "node_start",
                        "node_complete",
                        "workflow_complete"),
                eventTypes(id, 100),
                "start and draft ran once, before the restart; review and end after it");
    }

    @Test
    void aWaitingRunSurvivesARestartItsTimeoutStillFiresAndItCanBeCanceled() throws Exception {
        String waiting = startWaiting(reviewApp, "Ada");
        String timed = startWaiting(timedApp, "Bo");
        String dropped = startWaiting(reviewApp, "Di");
        String orphaned = startWaiting(deletedApp, "Ed");
        String looping = startLoopWaitingInItsSecondIteration();
        String untraced = startWaiting(untracedApp, "Fay");
        JsonObject before = api.get("api/app/workflow/instance/" + waiting).json();
        Api.Reply deleted = api.delete("api/app/team/delete?appId=" + deletedApp, null);
        assertEquals(200, deleted.status(), deleted.body());

        TestPlatform.restartServer(false);

        Api.Reply cancel = api.post("api/app/workflow/instance/" + dropped + "/cancel", null);
        assertEquals(200, cancel.status(), cancel.body());
        ExecutionIT.awaitState(dropped, "Canceled");

        JsonObject after = api.get("api/app/workflow/instance/" + waiting).json();
        assertEquals("Waiting", after.getString("state"));
        assertEquals(before.getJsonArray("nodeExecutions"), after.getJsonArray("nodeExecutions"), "history is intact");
        assertEquals(before.getString("startTime"), after.getString("startTime"));
        confirmAndComplete(waiting, "approved after a restart");
        List<String> traced =
                api.get("api/app/workflow/instance/" + waiting + "/trace").json().getJsonArray("frames").stream()
                        .map(JsonValue::asJsonObject)
                        .filter(f -> f.getString("type").equals("tracer_workflow"))
                        .map(f -> f.getJsonObject("payload"))
                        .map(p -> p.getString("componentId", "workflow") + " " + p.getString("status"))
                        .toList();
        assertTrue(
                traced.containsAll(List.of("draft finish", "review finish", "end finish")),
                "the frames of both servers are kept, numbered on: " + traced);

        JsonObject timedOut = ExecutionIT.awaitState(timed, "Failed");
        assertEquals(
                "CONFIRM_TIMEOUT",
                timedOut.getJsonObject("error").getString("code"),
                "the confirmation timeout outlives the server that started it");
        List<JsonObject> waits = events(timed, 100).stream()
                .filter(e -> "workflow_waiting".equals(e.getString("type")))
                .toList();
        assertEquals(2, waits.size(), "announced by the server that started it and by the one that took it over");
        assertEquals(15_000, waits.get(0).getJsonNumber("timeoutMs").longValue());
        assertTrue(
                waits.get(1).getJsonNumber("timeoutMs").longValue() < 15_000,
                "the deadline is kept, not restarted: " + waits.get(1));

        // the server that took it over keeps the app's trace level: still no frames
        Api.Reply approved = api.post(
                "api/app/workflow/instance/" + untraced + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(200, approved.status(), approved.body());
        ExecutionIT.awaitState(untraced, "Completed");
        assertEquals(
                0,
                api.get("api/app/workflow/instance/" + untraced + "/trace")
                        .json()
                        .getJsonArray("frames")
                        .size(),
                "trace level none holds after a take-over");

        // it waited in the second iteration of its loop: the first is not run again
        Api.Reply second = api.post(
                "api/app/workflow/instance/" + looping + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(
                200,
                second.status(),
                second.body() + " "
                        + api.get("api/app/workflow/instance/" + looping).body());
        JsonObject looped = ExecutionIT.awaitState(looping, "Completed");
        assertEquals(
                List.of("first, approved", "draft two"),
                looped.getJsonObject("result").getJsonArray("results").stream()
                        .map(r -> r.asJsonObject().getString("text"))
                        .toList());
        assertEquals(
                2,
                looped.getJsonArray("nodeExecutions").stream()
                        .map(JsonValue::asJsonObject)
                        .filter(n -> n.getString("nodeKey").equals("review"))
                        .count(),
                "one review per iteration, across the restart: " + looped.getJsonArray("nodeExecutions"));

        // its app was deleted while it waited: no server can take it over, so it ends rather than waits for ever
        JsonObject unresumable = ExecutionIT.awaitState(orphaned, "Failed");
        assertEquals("RESUME_FAILED", unresumable.getJsonObject("error").getString("code"));
        assertTrue(
                unresumable.getJsonObject("error").getString("message").contains(deletedApp), unresumable.toString());
        List<JsonObject> replay = events(orphaned, 100);
        JsonObject last = replay.get(replay.size() - 1);
        assertEquals("workflow_error", last.getString("type"), "a replay ends with the failure: " + replay);
        assertEquals("RESUME_FAILED", last.getJsonObject("error").getString("code"));
    }

    @Test
    void aWaitingRunSurvivesACrashOfItsServer() throws Exception {
        String waiting = startWaiting(reviewApp, "Cy");

        TestPlatform.restartServer(true);

        assertEquals(
                "Waiting",
                api.get("api/app/workflow/instance/" + waiting).json().getString("state"),
                "a crash interrupts running runs, not waiting ones");
        awaitAdopted(waiting);
        // the server that took the run over can be watched on the debug channel, progress intact
        DebugChannelIT.Listener listener = new DebugChannelIT.Listener();
        WebSocket ws = DebugChannelIT.connect("instanceId=" + waiting + "&access_token=" + api.key(), listener);
        JsonObject snapshot = DebugChannelIT.awaitDebug(listener, waiting, d -> true);
        assertEquals(2, snapshot.getInt("completed_steps"), "start and draft ran before the crash");
        assertEquals(1, snapshot.getInt("need_human_confirm"));
        assertEquals(1, snapshot.getInt("status"));
        confirmAndComplete(waiting, "approved after a crash");
        JsonObject reviewed = DebugChannelIT.awaitDebug(
                listener,
                waiting,
                d -> d.containsKey("node_exec_data")
                        && d.getJsonObject("node_exec_data")
                                .getString("node_id")
                                .equals("review")
                        && d.getJsonObject("node_exec_data").getInt("status") == 3);
        assertEquals(3, reviewed.getInt("completed_steps"), "start and draft, before the crash, then review");
        assertEquals(4, reviewed.getInt("total_steps"));
        ws.abort();
    }
}
