package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log through the API: each kind of action a person takes leaves one entry with who,
 * what, which target and from where; admins search it by action family, actor, target and time,
 * and export it as CSV; others may not read it.
 */
class AuditIT {

    private static final Api api = Api.admin();

    @Test
    void everyActionIsRecordedWithWhoWhatAndWhere() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String suffix = UUID.randomUUID().toString().substring(0, 8);

        // people: create, a failed and a good sign-in, disable, enable, a reset that makes a password
        String username = "audited-" + suffix;
        long userId = api.post(
                        "api/admin/users",
                        Json.createObjectBuilder()
                                .add("username", username)
                                .add("password", "first password 1")
                                .add("role", "editor")
                                .build())
                .json()
                .getJsonNumber("userId")
                .longValue();
        assertFalse(ConsoleSession.signedIn(new ConsoleSession().signIn(username, "not the password")));
        assertEquals(
                200, api.post("api/admin/users/" + userId + "/disable", null).status());
        assertEquals(
                200, api.post("api/admin/users/" + userId + "/enable", null).status());
        Api.Reply reset = api.post("api/admin/users/" + userId + "/reset-password", null);
        assertEquals(200, reset.status(), reset.body());
        String madePassword = reset.json().getString("password");
        assertTrue(ConsoleSession.signedIn(new ConsoleSession().signIn(username, madePassword)));

        // a key, an app's life, a model, a schedule
        JsonObject key = api.post(
                        "api/admin/api-keys",
                        Json.createObjectBuilder()
                                .add("name", "audit key " + suffix)
                                .build())
                .json();
        assertEquals(
                200,
                api.delete("api/admin/api-keys/" + key.getJsonNumber("id").longValue(), null)
                        .status());
        String app = Workflows.reviewApp(api, "audited " + suffix);
        long modelId = api.post(
                        "api/app/model",
                        Json.createObjectBuilder()
                                .add("name", "audited model " + suffix)
                                .add("provider", "openai")
                                .add("baseUrl", "http://127.0.0.1:9/v1")
                                .add("modelName", "gpt-test")
                                .add("apiKey", "sk-audit-secret")
                                .build())
                .json()
                .getJsonNumber("modelId")
                .longValue();
        String schedule = api.post(
                        "api/app/" + app + "/schedules",
                        Json.createObjectBuilder()
                                .add("cron", "0 9 * * MON-FRI")
                                .add("timeZone", "Europe/Berlin")
                                .add("parameters", Json.createObjectBuilder().add("name", "Ada"))
                                .build())
                .json()
                .getString("id");
        assertEquals(
                200,
                api.post("api/app/" + app + "/schedules/" + schedule + "/pause", null)
                        .status());
        int deleted =
                api.delete("api/app/" + app + "/schedules/" + schedule, null).status();
        assertTrue(deleted == 200 || deleted == 204, "schedule deleted: " + deleted);

        // runs: one approved, one rejected, one canceled while waiting
        String approved = Workflows.waitingRun(app, "Ada");
        confirm(approved, true);
        String rejected = Workflows.waitingRun(app, "Bob");
        confirm(rejected, false);
        String canceled = Workflows.waitingRun(app, "Cy");
        assertEquals(
                200,
                api.post("api/app/workflow/instance/" + canceled + "/cancel", null)
                        .status());

        // a bulk operation: re-run the approved run
        JsonObject bulk = BulkOperationIT.start(
                Json.createObjectBuilder()
                        .add("action", "rerun")
                        .add(
                                "selection",
                                Json.createObjectBuilder()
                                        .add(
                                                "instanceIds",
                                                Json.createArrayBuilder().add(approved)))
                        .add("reason", "audit check " + suffix),
                null);

        assertEquals(
                200,
                api.post(
                                "api/app/team/set_disable",
                                Json.createObjectBuilder()
                                        .add("appId", app)
                                        .add("isDisabled", true)
                                        .build())
                        .status());
        assertEquals(200, api.delete("api/app/team/delete?appId=" + app, null).status());
        assertEquals(200, api.delete("api/app/model/" + modelId, null).status());

        List<JsonObject> mine = entries("actor=" + enc("key:bootstrap") + "&from=" + start + "&pageSize=500");
        assertHas(mine, "user.create", "user:" + username);
        assertHas(mine, "user.disable", "user:" + username);
        assertHas(mine, "user.enable", "user:" + username);
        assertHas(mine, "user.reset-password", "user:" + username);
        assertHas(mine, "api-key.create", "api-key:" + key.getJsonNumber("id"));
        assertHas(mine, "api-key.revoke", "api-key:" + key.getJsonNumber("id"));
        assertHas(mine, "app.create", "app:" + app);
        assertHas(mine, "app.publish", "app:" + app);
        assertHas(mine, "app.disable", "app:" + app);
        assertHas(mine, "app.delete", "app:" + app);
        assertHas(mine, "registry.create", "model:" + modelId);
        assertHas(mine, "registry.delete", "model:" + modelId);
        assertHas(mine, "schedule.create", "schedule:" + schedule);
        assertHas(mine, "schedule.pause", "schedule:" + schedule);
        assertHas(mine, "schedule.delete", "schedule:" + schedule);
        assertHas(mine, "run.approve", "run:" + approved);
        assertHas(mine, "run.reject", "run:" + rejected);
        assertHas(mine, "run.cancel", "run:" + canceled);
        assertHas(mine, "bulk.create", "bulk:" + bulk.getString("id"));
        for (JsonObject e : mine) {
            assertEquals("127.0.0.1", e.getString("address", ""), e.toString());
        }
        assertTrue(
                entry(mine, "run.approve", "run:" + approved)
                        .getString("details")
                        .contains("review"),
                "the node answered is in the details");
        assertFalse(mine.toString().contains("sk-audit-secret"), "no secret reaches the log");
        assertFalse(mine.toString().contains(madePassword), "no password reaches the log");

        // sign-ins are recorded under the name typed, a failure with why
        List<JsonObject> signIns = entries("actor=" + enc(username) + "&action=login");
        assertEquals(
                List.of("login", "login.failed"),
                signIns.stream().map(e -> e.getString("action")).toList());
        assertEquals("wrong password", signIns.get(1).getString("details"));

        // a family, a target, and the time range
        List<JsonObject> runs = entries("action=run&target=run:" + approved);
        assertEquals(
                List.of("run.approve"),
                runs.stream().map(e -> e.getString("action")).toList());
        assertTrue(entries("action=app&from=" + Instant.now().plusSeconds(3600)).isEmpty());

        // paging: newest first, pages do not overlap
        JsonObject page1 = api.get("api/admin/audit?pageSize=2&page=1").json();
        JsonObject page2 = api.get("api/admin/audit?pageSize=2&page=2").json();
        assertTrue(page1.getJsonNumber("total").longValue() >= mine.size());
        assertTrue(
                page1.getJsonArray("items").getJsonObject(1).getJsonNumber("id").longValue()
                        > page2.getJsonArray("items")
                                .getJsonObject(0)
                                .getJsonNumber("id")
                                .longValue());

        // the CSV export: a header, then one line per entry, newest first
        Api.Reply csv = Api.send(HttpRequest.newBuilder(Api.uri("api/admin/audit/export?actor=" + enc(username)))
                .header("Authorization", "Bearer " + api.key())
                .build());
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals("time,actor,action,target,details,address", lines.get(0));
        assertEquals(3, lines.size(), csv.body());
        assertTrue(lines.get(1).contains("," + username + ",login,"), lines.get(1));
        assertTrue(lines.get(2).contains("login.failed") && lines.get(2).contains("wrong password"), lines.get(2));

        // bad input, and readers who are not admins
        assertEquals(400, api.get("api/admin/audit?from=yesterday").status());
        assertEquals(
                400,
                api.get("api/admin/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z")
                        .status());
        String editorKey = api.post(
                        "api/admin/api-keys",
                        Json.createObjectBuilder()
                                .add("name", "editor " + suffix)
                                .add("role", "editor")
                                .build())
                .json()
                .getString("key");
        assertEquals(403, new Api(editorKey).get("api/admin/audit").status());
        Api.Reply refusedExport = Api.send(HttpRequest.newBuilder(Api.uri("api/admin/audit/export"))
                .header("Authorization", "Bearer " + editorKey)
                .header("Accept", "text/csv")
                .build());
        assertEquals(403, refusedExport.status(), refusedExport.body());
        assertTrue(refusedExport.body().contains("FORBIDDEN"), refusedExport.body());
    }

    private static void confirm(String id, boolean approved) {
        Api.Reply answer = api.post(
                "api/app/workflow/instance/" + id + "/confirm",
                Json.createObjectBuilder()
                        .add("nodeKey", "review")
                        .add("approved", approved)
                        .build());
        assertEquals(200, answer.status(), answer.body());
    }

    private static List<JsonObject> entries(String query) {
        Api.Reply reply = api.get("api/admin/audit?" + query);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonArray("items").stream()
                .map(JsonValue::asJsonObject)
                .toList();
    }

    private static JsonObject entry(List<JsonObject> entries, String action, String target) {
        return entries.stream()
                .filter(e -> action.equals(e.getString("action")) && target.equals(e.getString("target", null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " of " + target + " in " + entries));
    }

    private static void assertHas(List<JsonObject> entries, String action, String target) {
        entry(entries, action, target);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
