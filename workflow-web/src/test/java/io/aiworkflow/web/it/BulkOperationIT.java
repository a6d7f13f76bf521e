package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.fixed;
import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bulk operations on the real WAR, carried out by Jakarta Batch on Payara Micro: a dry run counts
 * what then runs, each new run is linked to its operation and the run it repeats, counts add up,
 * pause holds new starts back until resume, failures pause the operation, and the failed items
 * can be retried as a child operation.
 */
class BulkOperationIT {

    private static final Api api = Api.admin();

    /** Start(n, fail) → JavaScript that throws when fail is true → End(doubled). */
    static String app(String name) {
        return WorkflowDesign.design()
                .node("start", "Start", param("n", "Number", true), param("fail", "Boolean", true))
                .node(
                        "js",
                        "JavaScript",
                        fixed(
                                "code",
                                "function main(input) { if (input.fail) { throw new Error('asked to fail'); }"
                                        + " return {doubled: input.n * 2}; }"),
                        variable("n", "input.n"),
                        variable("fail", "input.fail"))
                .node("end", "End", variable("doubled", "js.doubled"))
                .connect("start", "js")
                .connect("js", "end")
                .then(built -> Workflows.publish(api, name + " " + UUID.randomUUID(), built));
    }

    static void runs(String app, int count, boolean failEveryOther) {
        for (int i = 0; i < count; i++) {
            api.post(
                    "api/app/workflow/execute",
                    Json.createObjectBuilder()
                            .add("appId", app)
                            .add(
                                    "parameters",
                                    Json.createObjectBuilder().add("n", i).add("fail", failEveryOther && i % 2 == 1))
                            .build());
        }
    }

    static JsonObjectBuilder rerun(String app) {
        return Json.createObjectBuilder()
                .add("action", "rerun")
                .add("selection", Json.createObjectBuilder().add("appId", app))
                .add("reason", "the model was fixed");
    }

    /** Dry run, then the real start with its token and count. */
    static JsonObject start(JsonObjectBuilder request, String idempotencyKey) {
        JsonObject body = request.build();
        Api.Reply dry = api.post("api/bulk-operations", body);
        assertEquals(200, dry.status(), dry.body());
        JsonObject real = Json.createObjectBuilder(body)
                .add("dryRun", false)
                .add("selectionToken", dry.json().getString("selectionToken"))
                .add("expectedCount", dry.json().getJsonNumber("count").longValue())
                .build();
        Api.Reply started = idempotencyKey == null
                ? api.post("api/bulk-operations", real)
                : Api.send(HttpRequest.newBuilder(Api.uri("api/bulk-operations"))
                        .header("Authorization", "Bearer " + api.key())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(real.toString()))
                        .build());
        assertEquals(201, started.status(), started.body());
        return started.json();
    }

    /** Follows the operation's progress events until the stream ends; returns the last. */
    static JsonObject awaitEnd(String id) {
        HttpRequest request = HttpRequest.newBuilder(Api.uri("api/bulk-operations/" + id + "/events"))
                .timeout(Duration.ofMinutes(4))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + api.key())
                .GET()
                .build();
        SseClient.Stream stream = SseClient.read(request, Integer.MAX_VALUE);
        assertEquals(200, stream.status(), stream.errorBody());
        List<SseClient.Event> events = stream.events();
        assertFalse(events.isEmpty());
        for (SseClient.Event e : events) {
            assertCountsAddUp(e.data());
        }
        return events.get(events.size() - 1).data();
    }

    static void assertCountsAddUp(JsonObject op) {
        JsonObject c = op.getJsonObject("counts");
        assertEquals(
                c.getInt("total"),
                c.getInt("pending")
                        + c.getInt("running")
                        + c.getInt("succeeded")
                        + c.getInt("failed")
                        + c.getInt("skipped")
                        + c.getInt("canceled"),
                op.toString());
    }

    static List<JsonObject> items(String id, String state) {
        String query = state == null ? "" : "&state=" + state;
        return api
                .get("api/bulk-operations/" + id + "/items?pageSize=500" + query)
                .json()
                .getJsonArray("items")
                .stream()
                .map(JsonValue::asJsonObject)
                .toList();
    }

    @Test
    void aRerunRunsExactlyWhatItsDryRunCountedAndLinksEachNewRun() {
        String app = app("bulk rerun");
        runs(app, 12, false);
        JsonObject dry = api.post("api/bulk-operations", rerun(app).build()).json();
        assertEquals(12, dry.getInt("count"), dry.toString());
        assertEquals(12, dry.getJsonObject("breakdown").getJsonObject("state").getInt("Completed"));
        assertEquals(12, dry.getJsonArray("samples").size());

        Api.Reply noToken = api.post(
                "api/bulk-operations",
                Json.createObjectBuilder(rerun(app).build())
                        .add("dryRun", false)
                        .build());
        assertEquals(400, noToken.status(), noToken.body());
        Api.Reply wrongCount = api.post(
                "api/bulk-operations",
                Json.createObjectBuilder(rerun(app).build())
                        .add("dryRun", false)
                        .add("selectionToken", dry.getString("selectionToken"))
                        .add("expectedCount", 11)
                        .build());
        assertEquals(409, wrongCount.status(), wrongCount.body());
        assertEquals("SELECTION_CHANGED", wrongCount.code());

        String key = "rerun-" + UUID.randomUUID();
        JsonObject op = start(rerun(app).add("maxInFlight", 3).add("startsPerSecond", 50), key);
        assertEquals(12, op.getJsonObject("counts").getInt("total"));
        assertCountsAddUp(op);

        JsonObject end = awaitEnd(op.getString("id"));
        assertEquals("COMPLETED", end.getString("state"), end.toString());
        assertEquals(12, end.getJsonObject("counts").getInt("succeeded"));

        Set<String> sources = new HashSet<>();
        for (JsonObject item : items(op.getString("id"), null)) {
            assertEquals("SUCCEEDED", item.getString("state"));
            JsonObject run = api.get("api/app/workflow/instance/" + item.getString("instanceId"))
                    .json();
            assertEquals("Completed", run.getString("state"));
            assertEquals(op.getString("id"), run.getString("bulkOperationId"));
            assertEquals(item.getString("sourceInstanceId"), run.getString("repeatOf"));
            JsonObject source = api.get("api/app/workflow/instance/" + item.getString("sourceInstanceId"))
                    .json();
            assertEquals(source.getJsonObject("parameters"), run.getJsonObject("parameters"), "same parameters");
            sources.add(item.getString("sourceInstanceId"));
        }
        assertEquals(12, sources.size());

        // the same Idempotency-Key answers the operation it created, and starts nothing more
        JsonObject again = Api.send(HttpRequest.newBuilder(Api.uri("api/bulk-operations"))
                        .header("Authorization", "Bearer " + api.key())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Json.createObjectBuilder(rerun(app).build())
                                        .add("dryRun", false)
                                        .add("selectionToken", dry.getString("selectionToken"))
                                        .add("expectedCount", 12)
                                        .build()
                                        .toString()))
                        .build())
                .json();
        assertEquals(op.getString("id"), again.getString("id"));
        assertEquals(List.of("CREATE", "COMPLETED"), auditActions(op.getString("id")));
    }

    private static List<String> auditActions(String id) {
        JsonArray entries = Json.createReader(new java.io.StringReader(
                        api.get("api/bulk-operations/" + id + "/audit").body()))
                .readArray();
        return entries.stream().map(v -> v.asJsonObject().getString("action")).toList();
    }

    @Test
    void pauseHoldsNewStartsBackUntilResume() throws InterruptedException {
        String app = app("bulk pause");
        runs(app, 8, false);
        JsonObject op = start(rerun(app).add("maxInFlight", 1).add("startsPerSecond", 2), null);
        String id = op.getString("id");
        JsonObject now = op;
        while (now.getJsonObject("counts").getInt("succeeded") < 1) {
            Thread.sleep(100);
            now = api.get("api/bulk-operations/" + id).json();
        }
        Api.Reply noReason = api.post(
                "api/bulk-operations/" + id + "/pause",
                Json.createObjectBuilder().build());
        assertEquals(400, noReason.status(), noReason.body());
        Api.Reply paused = api.post(
                "api/bulk-operations/" + id + "/pause",
                Json.createObjectBuilder().add("reason", "provider maintenance").build());
        assertEquals(200, paused.status(), paused.body());
        assertEquals("PAUSED", paused.json().getString("state"));
        assertTrue(paused.json().getString("pauseReason").contains("provider maintenance"));
        do {
            Thread.sleep(100);
            now = api.get("api/bulk-operations/" + id).json();
        } while (now.getJsonObject("counts").getInt("running") > 0);
        assertEquals("PAUSED", now.getString("state"));
        assertTrue(now.getJsonObject("counts").getInt("pending") > 0, now.toString());
        Api.Reply resumed = api.post(
                "api/bulk-operations/" + id + "/resume",
                Json.createObjectBuilder().add("reason", "maintenance over").build());
        assertEquals(200, resumed.status(), resumed.body());
        JsonObject end = awaitEnd(id);
        assertEquals("COMPLETED", end.getString("state"), end.toString());
        assertEquals(8, end.getJsonObject("counts").getInt("succeeded"));

        JsonArray audit = Json.createReader(new java.io.StringReader(
                        api.get("api/bulk-operations/" + id + "/audit").body()))
                .readArray();
        OffsetDateTime pausedAt = at(audit, "PAUSE");
        OffsetDateTime resumedAt = at(audit, "RESUME");
        for (JsonObject item : items(id, null)) {
            OffsetDateTime started = OffsetDateTime.parse(item.getString("startedAt"));
            assertFalse(
                    started.isAfter(pausedAt) && started.isBefore(resumedAt),
                    "item " + item + " started while paused (" + pausedAt + " to " + resumedAt + ")");
        }
        assertEquals("key:bootstrap", audit.getJsonObject(1).getString("actor"), "who paused it");
    }

    /** Polls the operation until it is in {@code state} (it pauses by itself; no stream ends there). */
    private static JsonObject awaitState(String id, String state) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonObject op = null;
        while (System.nanoTime() < deadline) {
            op = api.get("api/bulk-operations/" + id).json();
            assertCountsAddUp(op);
            if (op.getString("state").equals(state)) {
                return op;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("operation " + id + " did not reach " + state + ": " + op);
    }

    private static OffsetDateTime at(JsonArray audit, String action) {
        return audit.stream()
                .map(JsonValue::asJsonObject)
                .filter(e -> e.getString("action").equals(action))
                .map(e -> OffsetDateTime.parse(e.getString("at")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " in " + audit));
    }

    @Test
    void failuresPauseTheOperationAndTheFailedItemsCanBeRetried() {
        String app = app("bulk failures");
        runs(app, 60, true); // odd n fail, and fail again when rerun
        JsonObject op = start(
                rerun(app)
                        .add("maxInFlight", 4)
                        .add("startsPerSecond", 20)
                        .add("autoPause", Json.createObjectBuilder().add("failuresInARow", 0)),
                null);
        JsonObject paused = awaitState(op.getString("id"), "PAUSED");
        assertTrue(paused.getString("pauseReason").contains("finished items failed"), paused.toString());
        JsonObject counts = paused.getJsonObject("counts");
        assertTrue(counts.getInt("succeeded") + counts.getInt("failed") >= 20, counts.toString());
        assertTrue(counts.getInt("pending") > 0, "it paused before the end: " + counts);

        for (JsonObject item : items(op.getString("id"), "FAILED")) {
            assertTrue(item.getString("error").contains("asked to fail"), item.toString());
        }
        Api.Reply child = api.post(
                "api/bulk-operations/" + op.getString("id") + "/retry-failed",
                Json.createObjectBuilder().add("reason", "retry after the fix").build());
        assertEquals(201, child.status(), child.body());
        assertEquals(op.getString("id"), child.json().getString("parentId"));
        assertEquals(
                counts.getInt("failed"), child.json().getJsonObject("counts").getInt("total"));
        Set<String> failedSources = new HashSet<>();
        items(op.getString("id"), "FAILED").forEach(i -> failedSources.add(i.getString("sourceInstanceId")));
        Set<String> childSources = new HashSet<>();
        items(child.json().getString("id"), null).forEach(i -> childSources.add(i.getString("sourceInstanceId")));
        assertEquals(failedSources, childSources);

        Api.Reply canceled = api.post(
                "api/bulk-operations/" + op.getString("id") + "/cancel",
                Json.createObjectBuilder()
                        .add("reason", "the rest is not needed")
                        .build());
        assertEquals(200, canceled.status(), canceled.body());
        JsonObject end = awaitEnd(op.getString("id"));
        assertEquals("CANCELED", end.getString("state"));
        assertEquals(0, end.getJsonObject("counts").getInt("pending"));
        assertNotEquals(0, end.getJsonObject("counts").getInt("canceled"));
        api.post(
                "api/bulk-operations/" + child.json().getString("id") + "/cancel",
                Json.createObjectBuilder().add("reason", "cleanup").build());
    }

    @Test
    void badRequestsAreRefusedAndOtherTeamsRunsAreNeverSelected() {
        String app = app("bulk input");
        runs(app, 2, false);
        assertEquals(
                "VALIDATION_ERROR",
                api.post(
                                "api/bulk-operations",
                                rerun(app).add("action", "explode").build())
                        .code());
        Api.Reply badFilter = api.post(
                "api/bulk-operations",
                rerun(app)
                        .add("selection", Json.createObjectBuilder().add("appID", app))
                        .build());
        assertEquals(400, badFilter.status());
        assertTrue(badFilter.body().contains("appID"), badFilter.body());

        Api.Reply team = api.post(
                "api/admin/teams",
                Json.createObjectBuilder()
                        .add("name", "Bulk " + UUID.randomUUID())
                        .build());
        long otherTeam = team.json().getJsonNumber("teamId").longValue();
        Api viewer = SecurityIT.key(api, otherTeam, "viewer");
        Api.Reply forbidden = viewer.post("api/bulk-operations", rerun(app).build());
        assertEquals(403, forbidden.status(), forbidden.body());
        Api editor = SecurityIT.key(api, otherTeam, "editor");
        JsonObject theirs =
                editor.post("api/bulk-operations", rerun(app).build()).json();
        assertEquals(0, theirs.getInt("count"), "another team's runs are never selected: " + theirs);
        String anyRun = api.get("api/app/workflow/instance?appId=" + app)
                .json()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        JsonObject byId = editor.post(
                        "api/bulk-operations",
                        Json.createObjectBuilder()
                                .add("action", "cancel")
                                .add(
                                        "selection",
                                        Json.createObjectBuilder()
                                                .add(
                                                        "instanceIds",
                                                        Json.createArrayBuilder()
                                                                .add(anyRun)))
                                .build())
                .json();
        assertEquals(0, byId.getInt("count"));
        assertEquals(anyRun, byId.getJsonArray("notFound").getString(0));
        assertNotNull(api.get("api/bulk-operations?state=COMPLETED").json().getJsonArray("items"));
        assertEquals(400, api.get("api/bulk-operations?state=Bogus").status());
    }
}
