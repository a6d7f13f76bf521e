package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.template;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket debug channel with a real WebSocket client. */
class DebugChannelIT {

    private final Api api = Api.admin();

    /** Collects text messages; completes {@code closed} when the server closes. */
    static class Listener implements WebSocket.Listener {
        final List<JsonObject> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(
                        Json.createReader(new StringReader(partial.toString())).readObject());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }
    }

    static WebSocket connect(String query, Listener listener) throws Exception {
        return connect("ws/workflow/debug", query, listener);
    }

    static WebSocket connect(String path, String query, Listener listener) throws Exception {
        URI uri = URI.create(Api.uri(path).toString().replace("http://", "ws://") + "?" + query);
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, listener)
                .get(20, TimeUnit.SECONDS);
    }

    @Test
    void appWatchersGetRunDebugAndProgressMessages() throws Exception {
        String app = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node("a", "DataProcess", template("text", "hi {{input.name}}"))
                .node("b", "DataProcess", template("text", "{{a.text}}!"))
                .node("end", "End", variable("answer", "b.text"))
                .connect("start", "a")
                .connect("a", "b")
                .connect("b", "end")
                .then(built -> Workflows.publish(api, "debugged", built));
        Listener listener = new Listener();
        WebSocket ws = connect("appId=" + app + "&access_token=" + api.key(), listener);
        // the watch starts when the server has opened the socket: a run started before that is not
        // watched at all, so run until one is seen to the end (each watched run is seen whole)
        String watchedRun = null;
        for (int attempt = 0; attempt < 10 && watchedRun == null; attempt++) {
            api.post(
                    "api/app/workflow/execute",
                    Json.createObjectBuilder()
                            .add("appId", app)
                            .add("parameters", Json.createObjectBuilder().add("name", "Ada"))
                            .build());
            long deadline = System.currentTimeMillis() + 2_000;
            while (watchedRun == null && System.currentTimeMillis() < deadline) {
                watchedRun = listener.messages.stream()
                        .filter(m -> m.getString("type").equals("workflow_run_progress")
                                && m.getJsonObject("data").getInt("status") == 2)
                        .map(m -> m.getJsonObject("data").getString("app_run_id"))
                        .findFirst()
                        .orElse(null);
                Thread.sleep(50);
            }
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        String runId = watchedRun;
        assertTrue(runId != null, "no run was seen to the end");
        listener.messages.removeIf(m -> !runId.equals(m.getJsonObject("data").getString("app_run_id")));

        List<JsonObject> debug = listener.messages.stream()
                .filter(m -> m.getString("type").equals("workflow_run_debug"))
                .toList();
        List<String> nodeEvents = debug.stream()
                .filter(m -> m.getJsonObject("data").containsKey("node_exec_data"))
                .map(m -> m.getJsonObject("data").getJsonObject("node_exec_data"))
                .map(n -> n.getString("node_id") + ":" + n.getInt("status"))
                .toList();
        // NexusAI's codes: a node runs 2, succeeds 3; Start and End send no running message, and the
        // End node comes with the run's last message (its outputs are the run's result panel)
        assertEquals(List.of("start:3", "a:2", "a:3", "b:2", "b:3", "end:3"), nodeEvents);
        List<Integer> ofA = debug.stream()
                .map(m -> m.getJsonObject("data").getJsonObject("node_exec_data"))
                .filter(n -> n != null && n.getString("node_id").equals("a"))
                .map(n -> n.getInt("node_exec_id"))
                .distinct()
                .toList();
        assertEquals(1, ofA.size(), "one node execution, one id on its running and its final message: " + ofA);
        JsonObject last = debug.get(debug.size() - 1).getJsonObject("data");
        assertEquals(2, last.getInt("status"), "succeeded: 2");
        assertEquals("end", last.getJsonObject("node_exec_data").getString("node_type"));
        assertEquals(4, last.getInt("total_steps"));
        assertEquals(4, last.getInt("completed_steps"));
        assertEquals(app, last.getString("app_id"));
        assertEquals(3, last.getInt("type"), "started through the API: 3");
        assertTrue(last.containsKey("prompt_tokens") && last.containsKey("reranking_tokens"));
        List<String> progress = listener.messages.stream()
                .filter(m -> m.getString("type").equals("workflow_run_progress"))
                .map(m -> m.getJsonObject("data").getString("completed_progress"))
                .toList();
        assertTrue(progress.contains("50%"), progress.toString());
        assertEquals("100%", progress.get(progress.size() - 1));
    }

    @Test
    void aWaitingRunAnnouncesItNeedsAHumanThenCompletesOnConfirmation() throws Exception {
        String app = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node(
                        "review",
                        "DataProcess",
                        template("text", "draft for {{input.name}}"),
                        WorkflowDesign.fixed("needHumanConfirm", JsonValue.TRUE),
                        WorkflowDesign.fixed(
                                "assignees",
                                Json.createArrayBuilder().add("alice").build()))
                .node("end", "End", variable("answer", "review.text"))
                .connect("start", "review")
                .connect("review", "end")
                .then(built -> Workflows.publish(api, "confirm-watched", built));
        Listener listener = new Listener();
        WebSocket ws = connect("appId=" + app + "&access_token=" + api.key(), listener);
        // as above: only runs started once the watch is open are seen; a run not seen waits unseen
        JsonObject need = null;
        for (int attempt = 0; attempt < 10 && need == null; attempt++) {
            api.post(
                    "api/app/workflow/execute?async=true",
                    Json.createObjectBuilder()
                            .add("appId", app)
                            .add("parameters", Json.createObjectBuilder().add("name", "Ada"))
                            .build());
            long deadline = System.currentTimeMillis() + 2_000;
            while (need == null && System.currentTimeMillis() < deadline) {
                need = listener.messages.stream()
                        .filter(m -> m.getString("type").equals("workflow_need_human_confirm"))
                        .map(m -> m.getJsonObject("data"))
                        .findFirst()
                        .orElse(null);
                Thread.sleep(50);
            }
        }
        assertTrue(need != null, "no run announced that it waits: " + listener.messages);
        String runId = need.getString("app_run_id");
        assertEquals(app, need.getString("app_id"));
        assertEquals("confirm-watched", need.getString("app_name"));
        assertEquals(1, need.getInt("workflow_id"), "the published version that runs");
        assertEquals(3, need.getInt("type"), "started through the API: 3");
        assertTrue(need.getString("run_name").startsWith("confirm-watched "), need.toString());
        JsonObject node = need.getJsonObject("node_exec_data");
        assertEquals("review", node.getString("node_id"));
        assertEquals("template_conversion", node.getString("node_type"), "NexusAI's name for a DataProcess");
        assertEquals("draft for Ada", node.getJsonObject("inputs").getString("text"));
        assertEquals(Json.createArrayBuilder().add("alice").build(), node.getJsonArray("assignees"));
        JsonObject waitingDebug = awaitDebug(
                listener,
                runId,
                d -> d.containsKey("node_exec_data")
                        && d.getJsonObject("node_exec_data").getInt("need_human_confirm") == 1);
        assertEquals(1, waitingDebug.getInt("need_human_confirm"), "the run's debug state says it waits");
        assertEquals(1, waitingDebug.getInt("status"), "still running");
        assertEquals("review", waitingDebug.getJsonObject("node_exec_data").getString("node_id"));

        Api.Reply ok = api.post(
                "api/app/workflow/instance/" + runId + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(200, ok.status(), ok.body());
        JsonObject finished = awaitDebug(listener, runId, d -> d.getInt("status") == 2);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        assertEquals(0, finished.getInt("need_human_confirm"));
        assertEquals(3, finished.getInt("completed_steps"));
    }

    @Test
    void aWatcherJoiningARunMidWayStartsFromItsStateAndCountsOn() throws Exception {
        String app = WorkflowDesign.design()
                .node("start", "Start", param("name", "String", true))
                .node("draft", "DataProcess", template("text", "draft for {{input.name}}"))
                .node(
                        "review",
                        "DataProcess",
                        template("text", "{{draft.text}}, reviewed"),
                        WorkflowDesign.fixed("needHumanConfirm", JsonValue.TRUE))
                .node("end", "End", variable("answer", "review.text"))
                .connect("start", "draft")
                .connect("draft", "review")
                .connect("review", "end")
                .then(built -> Workflows.publish(api, "joined-late", built));
        Api.Reply started = api.post(
                "api/app/workflow/execute?async=true",
                Json.createObjectBuilder()
                        .add("appId", app)
                        .add("parameters", Json.createObjectBuilder().add("name", "Ada"))
                        .build());
        assertEquals(202, started.status(), started.body());
        String runId = started.json().getString("instanceId");
        ExecutionIT.awaitState(runId, "Waiting");

        // version 2, with one node more, is published while the run of version 1 waits
        Api.Reply saved = api.put(
                "api/app/workflow/definition/" + app,
                Json.createObjectBuilder()
                        .add(
                                "functionDesignDraft",
                                WorkflowDesign.design()
                                        .node("start", "Start", param("name", "String", true))
                                        .node("draft", "DataProcess", template("text", "draft for {{input.name}}"))
                                        .node("polish", "DataProcess", template("text", "{{draft.text}}."))
                                        .node("review", "DataProcess", template("text", "{{polish.text}}, reviewed"))
                                        .node("end", "End", variable("answer", "review.text"))
                                        .connect("start", "draft")
                                        .connect("draft", "polish")
                                        .connect("polish", "review")
                                        .connect("review", "end")
                                        .build())
                        .build());
        assertEquals(200, saved.status(), saved.body());
        assertEquals(
                200,
                api.post("api/app/workflow/definition/" + app + "/publish", null)
                        .status());

        // nobody watched this run (nor its app) until now: two of its four steps are behind it
        Listener listener = new Listener();
        WebSocket ws = connect("instanceId=" + runId + "&access_token=" + api.key(), listener);
        JsonObject snapshot = awaitDebug(listener, runId, d -> true);
        assertTrue(!snapshot.containsKey("node_exec_data"), "the first message is the run's state: " + snapshot);
        assertEquals(2, snapshot.getInt("completed_steps"), snapshot.toString());
        assertEquals(4, snapshot.getInt("total_steps"), "the steps of the version that runs");
        assertEquals(1, snapshot.getInt("need_human_confirm"), "it waits for a person");
        assertEquals(1, snapshot.getInt("status"));

        Api.Reply ok = api.post(
                "api/app/workflow/instance/" + runId + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", true)
                        .build());
        assertEquals(200, ok.status(), ok.body());
        JsonObject reviewed = awaitDebug(
                listener,
                runId,
                d -> d.containsKey("node_exec_data")
                        && d.getJsonObject("node_exec_data")
                                .getString("node_id")
                                .equals("review")
                        && d.getJsonObject("node_exec_data").getInt("status") == 3);
        assertEquals(3, reviewed.getInt("completed_steps"), "counted on from the snapshot, not from the join");
        assertEquals(0, reviewed.getInt("need_human_confirm"));
        awaitDebug(listener, runId, d -> d.getInt("status") == 2);
        // the run's last progress message follows its last debug message
        long deadline = System.currentTimeMillis() + 20_000;
        List<String> progress = List.of();
        while (!progress.contains("100%") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            progress = listener.messages.stream()
                    .filter(m -> m.getString("type").equals("workflow_run_progress"))
                    .map(m -> m.getJsonObject("data").getString("completed_progress"))
                    .toList();
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        // after review, then once at the run's end, which also tells the End node
        assertEquals(List.of("75%", "100%"), progress);
    }

    static JsonObject awaitDebug(Listener listener, String runId, Predicate<JsonObject> which)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonObject found = listener.messages.stream()
                    .filter(m -> m.getString("type").equals("workflow_run_debug"))
                    .map(m -> m.getJsonObject("data"))
                    .filter(d -> runId.equals(d.getString("app_run_id")) && which.test(d))
                    .findFirst()
                    .orElse(null);
            if (found != null) {
                return found;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such workflow_run_debug message for " + runId + ": " + listener.messages);
    }

    /** The HTTP status that refused the handshake. */
    static int refusedHandshake(String path, String query) throws Exception {
        try {
            connect(path, query, new Listener());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the handshake was accepted: " + query);
    }

    @Test
    void withoutAValidTokenTheHandshakeIsRefusedAndAForeignAppClosesTheChannel() throws Exception {
        assertEquals(401, refusedHandshake("ws/workflow/debug", "appId=x&access_token=wf_wrong"));
        assertEquals(401, refusedHandshake("ws/workflow/debug", "appId=x"));
        assertEquals(401, refusedHandshake("ws", "token=wf_wrong"));
        Listener other = new Listener();
        connect("appId=no-such-app&access_token=" + api.key(), other);
        assertEquals(1008, other.closed.get(20, TimeUnit.SECONDS));
    }

    @Test
    void aOneTimeTicketOpensTheChannelOnce() throws Exception {
        Api.Reply issued = api.post("api/ws-ticket", null);
        assertEquals(200, issued.status(), issued.body());
        String ticket = issued.json().getString("ticket");
        String app = WorkflowDesign.design()
                .node("s", "Start")
                .node("e", "End")
                .connect("s", "e")
                .then(built -> Workflows.publish(api, "ticketed", built));

        Listener first = new Listener();
        WebSocket ws = connect("appId=" + app + "&ticket=" + ticket, first);
        Thread.sleep(500);
        assertTrue(!first.closed.isDone(), "a fresh ticket opens the channel");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        assertEquals(
                401,
                refusedHandshake("ws/workflow/debug", "appId=" + app + "&ticket=" + ticket),
                "a ticket works once");
        assertEquals(401, Api.anonymous().post("api/ws-ticket", null).status());
    }

    /** The run's final {@code workflow_run_debug} as a caller socket got it (wrapped), within 20 s. */
    private static JsonObject awaitWrappedEnd(Listener listener, String runId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            JsonObject found = listener.messages.stream()
                    .filter(m -> m.getString("type").equals("workflow_run_debug")
                            && m.getJsonObject("data").getString("app_run_id").equals(runId)
                            && m.getJsonObject("data").getInt("status") != 1)
                    .findFirst()
                    .orElse(null);
            if (found != null) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no end of run " + runId + " in " + listener.messages);
    }

    @Test
    void aCallersSocketInNexusAiShapeGetsEveryRunItMaySeeAndNoOther() throws Exception {
        Api admin = Api.admin();
        long otherTeam = admin.post(
                        "api/admin/teams",
                        Json.createObjectBuilder()
                                .add("name", "nexus watchers " + java.util.UUID.randomUUID())
                                .build())
                .json()
                .getJsonNumber("teamId")
                .longValue();
        Api other = SecurityIT.key(admin, otherTeam, "editor");
        String ours = WorkflowDesign.linear("greet").then(d -> Workflows.publish(admin, "nexus ours", d));
        String theirs = WorkflowDesign.linear("greet").then(d -> Workflows.publish(other, "nexus theirs", d));
        Listener adminSocket = new Listener();
        Listener otherSocket = new Listener();
        WebSocket a = connect("ws", "token=" + TestPlatform.ADMIN_KEY, adminSocket);
        WebSocket o = connect("ws", "token=" + other.key(), otherSocket);

        String ourRun = admin.post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder().add("appId", ours).build())
                .json()
                .getString("id");
        String theirRun = other.post(
                        "api/app/workflow/execute",
                        Json.createObjectBuilder().add("appId", theirs).build())
                .json()
                .getString("id");

        // NexusAI's envelope: the caller's id, the message type, and the message itself as data
        JsonObject end = awaitWrappedEnd(adminSocket, ourRun);
        assertEquals(0, end.getInt("user_id"), "an API key has no user");
        assertEquals(2, end.getJsonObject("data").getInt("status"));
        awaitWrappedEnd(adminSocket, theirRun); // an admin may see every team's runs
        awaitWrappedEnd(otherSocket, theirRun);
        assertTrue(
                otherSocket.messages.stream()
                        .noneMatch(m ->
                                m.getJsonObject("data").getString("app_run_id").equals(ourRun)),
                "another team's socket never hears of our run");
        a.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        o.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
}
