package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * History retention on the real server: an app's policy through the API, and a pass of the
 * Jakarta Batch job deleting the runs it puts out, with everything recorded of them.
 */
class RetentionIT {

    private static final Api api = Api.admin();

    private static String app() {
        return Workflows.publish(
                api,
                "retention " + UUID.randomUUID(),
                WorkflowDesign.design()
                        .node("start", "Start", param("n", "String", false))
                        .node("end", "End", variable("n", "start.n"))
                        .connect("start", "end")
                        .build());
    }

    private static List<String> runs(String app, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Api.Reply run = api.post(
                    "api/app/workflow/execute",
                    Json.createObjectBuilder()
                            .add("appId", app)
                            .add("parameters", Json.createObjectBuilder().add("n", "run " + i))
                            .build());
            assertEquals(200, run.status(), run.body());
            ids.add(run.json().getString("id"));
        }
        return ids;
    }

    private static void startedDaysAgo(String run, int days) throws Exception {
        TestPlatform.sql(
                "update workflow_instance set start_time = start_time - make_interval(days => ?) where id = ?",
                days,
                run);
    }

    /** Waits for the pass to end (it runs in the background); its final record. */
    private static JsonObject awaitEnd(long passId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonObject pass = null;
        while (System.nanoTime() < deadline) {
            pass = api.get("api/admin/retention/passes/" + passId).json();
            if (!List.of("STARTING", "RUNNING").contains(pass.getString("state"))) {
                return pass;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("retention pass " + passId + " did not end: " + pass);
    }

    @Test
    void aPassDeletesTheRunsAnAppsPolicyPutsOutAndKeepsTheRest() throws Exception {
        String app = app();
        List<String> runs = runs(app, 5);
        for (String old : runs.subList(0, 3)) {
            startedDaysAgo(old, 40);
        }
        String unruled = app();
        String unruledOld = runs(unruled, 1).get(0);
        startedDaysAgo(unruledOld, 400);

        Api.Reply set = api.put(
                "api/app/" + app + "/retention",
                Json.createObjectBuilder().add("keepDays", 30).build());
        assertEquals(200, set.status(), set.body());
        assertTrue(set.json().getBoolean("own"));
        assertEquals(30, set.json().getJsonObject("policy").getInt("keepDays"));

        Api.Reply started = api.post("api/admin/retention/run", null);
        assertEquals(202, started.status(), started.body());
        JsonObject pass = awaitEnd(started.json().getJsonNumber("id").longValue());

        assertEquals("COMPLETED", pass.getString("state"), pass.toString());
        assertEquals(3, pass.getInt("runsDeleted"), pass.toString());
        for (String old : runs.subList(0, 3)) {
            assertEquals(
                    "INSTANCE_NOT_FOUND",
                    api.get("api/app/workflow/instance/" + old).code());
            assertEquals("0", TestPlatform.query("select count(*) from node_execution where instance_id = ?", old));
            assertEquals("0", TestPlatform.query("select count(*) from instance_event where instance_id = ?", old));
            assertEquals("0", TestPlatform.query("select count(*) from trace_event where instance_id = ?", old));
        }
        for (String kept : runs.subList(3, 5)) {
            assertEquals(200, api.get("api/app/workflow/instance/" + kept).status());
        }
        assertEquals(
                200,
                api.get("api/app/workflow/instance/" + unruledOld).status(),
                "an app without a policy follows the platform default, which keeps every run");
        JsonObject overview = api.get("api/admin/retention").json();
        assertTrue(overview.getJsonArray("passes").getJsonObject(0).getInt("id") >= pass.getInt("id"));
    }

    @Test
    void aPolicyIsCheckedAndOnlyAdminsStartPasses() {
        String app = app();
        Api.Reply zero = api.put(
                "api/app/" + app + "/retention",
                Json.createObjectBuilder().add("keepDays", 0).build());
        assertEquals(400, zero.status(), zero.body());
        assertEquals("keepDays", zero.json().getJsonObject("details").getString("field"));
        Api.Reply unknown = api.put(
                "api/app/" + app + "/retention",
                Json.createObjectBuilder().add("keepHours", 5).build());
        assertEquals(400, unknown.status(), unknown.body());

        Api.Reply keepAll = api.put(
                "api/app/" + app + "/retention", Json.createObjectBuilder().build());
        assertTrue(keepAll.json().getBoolean("own"));
        assertFalse(keepAll.json().getJsonObject("policy").containsKey("keepDays"));
        Api.Reply cleared = api.delete("api/app/" + app + "/retention", null);
        assertFalse(cleared.json().getBoolean("own"), cleared.body());

        Api viewer = SecurityIT.key(api, null, "viewer");
        assertEquals(403, viewer.post("api/admin/retention/run", null).status());
        assertEquals(200, viewer.get("api/app/" + app + "/retention").status());
        assertEquals(
                403,
                viewer.put(
                                "api/app/" + app + "/retention",
                                Json.createObjectBuilder().add("keepRuns", 3).build())
                        .status());
    }
}
