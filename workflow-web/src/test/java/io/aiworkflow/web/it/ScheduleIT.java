package io.aiworkflow.web.it;

import io.aiworkflow.testing.WorkflowDesign;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static io.aiworkflow.testing.WorkflowDesign.param;
import static io.aiworkflow.testing.WorkflowDesign.variable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schedules on the real WAR: bad definitions are refused naming the field, a schedule fires its
 * runs with the scheduled time in their parameters and in history, pause and run-now behave as
 * the console says, and a disabled app's firings are recorded as failed to start, not lost.
 */
class ScheduleIT {

    private static final Api api = Api.admin();

    static String app(String name) {
        return Workflows.publish(
                api,
                name + " " + UUID.randomUUID(),
                WorkflowDesign.design()
                        .node("start", "Start", param("when", "String", false), param("sid", "String", false))
                        .node("end", "End", variable("when", "start.when"), variable("sid", "start.sid"))
                        .connect("start", "end")
                        .build());
    }

    static String schedules(String app) {
        return "api/app/" + app + "/schedules";
    }

    /** Polls the firings until {@code done} holds (the tick fires on its own). */
    static List<JsonObject> awaitFirings(String app, String id, Predicate<List<JsonObject>> done) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<JsonObject> firings = List.of();
        while (System.nanoTime() < deadline) {
            firings = api.get(schedules(app) + "/" + id + "/firings?pageSize=500").json().getJsonArray("items").stream()
                    .map(JsonValue::asJsonObject)
                    .toList();
            if (done.test(firings)) {
                return firings;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("schedule " + id + " did not get there: " + firings);
    }

    static long count(List<JsonObject> firings, String state) {
        return firings.stream().filter(f -> f.getString("state").equals(state)).count();
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() {
        String app = app("schedule input");
        Api.Reply cron = api.post(
                schedules(app),
                Json.createObjectBuilder()
                        .add("cron", "61 * * * *")
                        .add("timeZone", "Europe/Berlin")
                        .build());
        assertEquals(400, cron.status(), cron.body());
        assertEquals("cron", cron.json().getJsonObject("details").getString("field"));

        Api.Reply zone = api.post(
                schedules(app),
                Json.createObjectBuilder()
                        .add("cron", "0 9 * * MON-FRI")
                        .add("timeZone", "Mars/Olympus")
                        .build());
        assertEquals(400, zone.status(), zone.body());
        assertEquals("timeZone", zone.json().getJsonObject("details").getString("field"));
        assertTrue(zone.body().contains("Mars/Olympus"), zone.body());

        Api.Reply unknown = api.post(
                schedules(app),
                Json.createObjectBuilder()
                        .add("cron", "@daily")
                        .add("timeZone", "UTC")
                        .add("overlapp", "SKIP")
                        .build());
        assertEquals(400, unknown.status(), unknown.body());

        Api.Reply preview = api.post(
                schedules(app) + "/preview?count=1001",
                Json.createObjectBuilder()
                        .add("cron", "@daily")
                        .add("timeZone", "UTC")
                        .build());
        assertEquals(400, preview.status(), preview.body());

        String draftOnly = api.post(
                        "api/app/team/create",
                        Json.createObjectBuilder()
                                .add("name", "unpublished " + UUID.randomUUID())
                                .add("appType", 2)
                                .build())
                .json()
                .getString("appId");
        Api.Reply unpublished = api.post(
                schedules(draftOnly),
                Json.createObjectBuilder()
                        .add("cron", "@daily")
                        .add("timeZone", "UTC")
                        .build());
        assertEquals(409, unpublished.status(), unpublished.body());
        assertEquals("NOT_PUBLISHED", unpublished.json().getString("code"));
        assertEquals(0, api.get(schedules(app)).json().getInt("total"), "nothing was stored");
    }

    @Test
    void aScheduleFiresRunsThatKnowTheirScheduledTime() {
        String app = app("schedule fires");
        Api.Reply created = api.post(
                schedules(app),
                Json.createObjectBuilder()
                        .add("name", "every second")
                        .add("interval", "PT1S")
                        .add("timeZone", "Asia/Tokyo")
                        .add(
                                "parameters",
                                Json.createObjectBuilder()
                                        .add("when", "{{schedule.time}}")
                                        .add("sid", "{{schedule.id}}"))
                        .build());
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        assertEquals("SKIP", created.json().getJsonObject("definition").getString("overlap"), "defaults filled in");

        List<JsonObject> firings = awaitFirings(app, id, f -> count(f, "FIRED") >= 3);
        JsonObject fired = firings.stream()
                .filter(f -> f.getString("state").equals("FIRED"))
                .findFirst()
                .orElseThrow();
        JsonObject run = api.get("api/app/workflow/instance/" + fired.getString("instanceId"))
                .json();
        assertEquals(id, run.getString("scheduleId", null), run.toString());
        assertEquals(
                OffsetDateTime.parse(fired.getString("scheduledTime")).toInstant(),
                OffsetDateTime.parse(run.getString("scheduledTime")).toInstant());
        JsonObject parameters = run.getJsonObject("parameters");
        assertEquals(id, parameters.getString("sid"));
        assertTrue(parameters.getString("when").endsWith("+09:00"), "in the schedule's zone: " + parameters);
        assertEquals(
                OffsetDateTime.parse(fired.getString("scheduledTime")).toInstant(),
                OffsetDateTime.parse(parameters.getString("when")).toInstant());

        JsonObject listed = api.get("api/app/workflow/instance?appId=" + app + "&scheduleId=" + id + "&pageSize=200")
                .json();
        assertTrue(listed.getInt("total") >= 3, listed.toString());
        assertEquals(id, listed.getJsonArray("items").getJsonObject(0).getString("scheduleId"));

        // pause: no more firings; the schedule says so
        JsonObject paused = api.post(schedules(app) + "/" + id + "/pause", null).json();
        assertEquals(false, paused.getBoolean("enabled"));
        assertTrue(!paused.containsKey("nextFireAt") || paused.isNull("nextFireAt"), paused.toString());
        long firedWhenPaused = api.get(schedules(app) + "/" + id + "/firings")
                .json()
                .getJsonNumber("total")
                .longValue();

        // run now fires even while paused, under the overlap policy
        JsonObject now = api.post(schedules(app) + "/" + id + "/run-now", null).json();
        assertEquals("RUN_NOW", now.getString("kind"));
        assertEquals("FIRED", now.getString("state"), now.toString());
        assertEquals(
                firedWhenPaused + 1,
                api.get(schedules(app) + "/" + id + "/firings")
                        .json()
                        .getJsonNumber("total")
                        .longValue(),
                "only the run-now firing was added while paused");

        JsonObject resumed =
                api.post(schedules(app) + "/" + id + "/resume", null).json();
        assertTrue(resumed.getBoolean("enabled"));
        assertEquals(409, api.post(schedules(app) + "/" + id + "/resume", null).status(), "not paused");

        List<JsonObject> preview =
                api.get(schedules(app) + "/" + id + "/preview?count=5").value().asJsonArray().stream()
                        .map(JsonValue::asJsonObject)
                        .toList();
        assertEquals(5, preview.size());
        assertTrue(preview.get(0).getString("local").endsWith("+09:00"), preview.toString());
        assertEquals(
                Duration.ofSeconds(1),
                Duration.between(
                        OffsetDateTime.parse(preview.get(0).getString("utc")),
                        OffsetDateTime.parse(preview.get(1).getString("utc"))));
    }

    @Test
    void aDisabledAppsFiringsAreRecordedAsFailedToStart() {
        String app = app("schedule disabled");
        String id = api.post(
                        schedules(app),
                        Json.createObjectBuilder()
                                .add("interval", "PT1S")
                                .add("timeZone", "UTC")
                                .build())
                .json()
                .getString("id");
        assertEquals(
                200,
                api.post(
                                "api/app/team/set_disable",
                                Json.createObjectBuilder()
                                        .add("appId", app)
                                        .add("isDisabled", true)
                                        .build())
                        .status());
        List<JsonObject> firings = awaitFirings(app, id, f -> count(f, "FAILED_TO_START") >= 3);
        JsonObject failed = firings.stream()
                .filter(f -> f.getString("state").equals("FAILED_TO_START"))
                .findFirst()
                .orElseThrow();
        assertTrue(failed.getString("reason").startsWith("APP_DISABLED"), failed.toString());
        assertTrue(!failed.containsKey("instanceId") || failed.isNull("instanceId"), "no run: " + failed);
        JsonObject schedule = api.get(schedules(app) + "/" + id).json();
        assertTrue(schedule.getString("warning").contains("did not run"), schedule.toString());
    }

    @Test
    void aBackfillRunsTheTimesWithoutARunInOrderOnce() throws Exception {
        String app = app("schedule backfill");
        String id = api.post(
                        schedules(app),
                        Json.createObjectBuilder()
                                .add("cron", "0 * * * *")
                                .add("timeZone", "Europe/Berlin")
                                .add("parameters", Json.createObjectBuilder().add("when", "{{schedule.time}}"))
                                .build())
                .json()
                .getString("id");
        JsonObject range = Json.createObjectBuilder()
                .add("from", "2026-01-01T00:00:00Z")
                .add("to", "2026-01-01T04:00:00Z")
                .build();
        JsonObject dry =
                api.post(schedules(app) + "/" + id + "/backfill", range).json();
        assertEquals(5, dry.getInt("count"), dry.toString());
        assertEquals(
                "2026-01-01T01:00:00+01:00",
                dry.getJsonArray("times").getJsonObject(0).getString("local"));

        Api.Reply started = api.post(
                schedules(app) + "/" + id + "/backfill",
                Json.createObjectBuilder(range)
                        .add("dryRun", false)
                        .add("selectionToken", dry.getString("selectionToken"))
                        .add("expectedCount", 5)
                        .add("reason", "the scheduler was down on new year's night")
                        .build());
        assertEquals(201, started.status(), started.body());
        JsonObject op = started.json();
        assertEquals("backfill", op.getString("action"));
        JsonObject end = BulkOperationIT.awaitEnd(op.getString("id"));
        assertEquals("COMPLETED", end.getString("state"), end.toString());

        List<String> scheduledTimes = TestPlatform.queryColumn(
                "select to_char(scheduled_time at time zone 'UTC', 'HH24:MI') from workflow_instance"
                        + " where schedule_id = ? order by start_time",
                id);
        assertEquals(List.of("00:00", "01:00", "02:00", "03:00", "04:00"), scheduledTimes, "in order, each once");
        List<JsonObject> firings = awaitFirings(app, id, f -> count(f, "FIRED") == 5);
        assertTrue(firings.stream().allMatch(f -> f.getString("kind").equals("BACKFILL")), firings.toString());

        JsonObject again =
                api.post(schedules(app) + "/" + id + "/backfill", range).json();
        assertEquals(0, again.getInt("count"), "the times ran: nothing left to backfill");
    }

    @Test
    void aDatasetSchedulesFiringIsADatasetRun() {
        String app = app("schedule dataset");
        Api.Reply uploaded =
                Api.send(java.net.http.HttpRequest.newBuilder(Api.uri("api/app/" + app + "/datasets?name=nightly"))
                        .header("Authorization", "Bearer " + api.key())
                        .header("Content-Type", "application/x-ndjson")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"when\":\"a\"}\n{\"when\":\"b\"}\n"))
                        .build());
        assertEquals(201, uploaded.status(), uploaded.body());
        String dataset = uploaded.json().getJsonObject("dataset").getString("id");
        JsonObject created = api.post(
                        schedules(app),
                        Json.createObjectBuilder()
                                .add("cron", "@yearly")
                                .add("timeZone", "UTC")
                                .add("datasetId", dataset)
                                .build())
                .json();
        assertEquals(dataset, created.getJsonObject("definition").getString("datasetId"), created.toString());

        JsonObject firing = api.post(schedules(app) + "/" + created.getString("id") + "/run-now", null)
                .json();
        assertEquals("FIRED", firing.getString("state"), firing.toString());
        JsonObject end = BulkOperationIT.awaitEnd(firing.getString("bulkOperationId"));
        assertEquals("COMPLETED", end.getString("state"), end.toString());
        assertEquals(2, end.getJsonObject("counts").getInt("succeeded"), "one run per row");
    }
}
