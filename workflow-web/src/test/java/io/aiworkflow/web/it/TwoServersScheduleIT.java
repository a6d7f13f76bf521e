package io.aiworkflow.web.it;

import io.aiworkflow.launcher.Platform;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two application servers on one database tick the same schedule every second: each scheduled
 * time fires exactly once (one firing, one run), and killing (kill -9) the server that is firing
 * mid-way loses no time: the other goes on and finishes what the dead one had claimed.
 */
class TwoServersScheduleIT {

    private static final Api api = Api.admin();
    private static final int SECONDS = 40;

    @Test
    void aScheduleEverySecondFiresEachTimeOnceAcrossTwoServersAndACrash() throws Exception {
        String app = ScheduleIT.app("schedule two servers");
        List<String> known = TestPlatform.queryColumn("select server_id from server_heartbeat");
        Platform second = TestPlatform.startSecondServer();
        String secondId = TestPlatform.queryColumn("select server_id from server_heartbeat").stream()
                .filter(s -> !known.contains(s))
                .findFirst()
                .orElseThrow();
        try {
            Instant start = Instant.parse(TestPlatform.query(
                            "select to_char(now() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"))
                    .plusSeconds(3)
                    .truncatedTo(ChronoUnit.SECONDS);
            String id = api.post(
                            ScheduleIT.schedules(app),
                            Json.createObjectBuilder()
                                    .add("interval", "PT1S")
                                    .add("timeZone", "UTC")
                                    .add("startAt", start.toString())
                                    .add("endAt", start.plusSeconds(SECONDS).toString())
                                    .add("overlap", "ALLOW_ALL")
                                    .add("maxConcurrent", 50)
                                    .build())
                    .json()
                    .getString("id");

            ScheduleIT.awaitFirings(app, id, f -> ScheduleIT.count(f, "FIRED") >= SECONDS / 3);
            // kill (kill -9) whichever server fired the latest time: it is the one at work
            String firing = TestPlatform.query(
                    "select server_id from workflow_instance where schedule_id = ? order by scheduled_time desc limit 1",
                    id);
            if (firing.equals(secondId)) {
                second.kill();
            } else {
                TestPlatform.restartServer(true);
            }

            int times = SECONDS + 1;
            ScheduleIT.awaitFirings(app, id, f -> f.size() == times && ScheduleIT.count(f, "FIRED") == times);
            assertEquals(
                    String.valueOf(times),
                    TestPlatform.query(
                            "select count(distinct scheduled_time) from schedule_firing where schedule_id = ?", id));
            assertEquals(
                    String.valueOf(times),
                    TestPlatform.query("select count(*) from workflow_instance where schedule_id = ?", id),
                    "one run per time, none twice");
            assertEquals(
                    String.valueOf(times),
                    TestPlatform.query(
                            "select count(distinct scheduled_time) from workflow_instance where schedule_id = ?", id));
            assertEquals(
                    "0",
                    TestPlatform.query(
                            "select count(*) from schedule_firing f where schedule_id = ? and not exists"
                                    + " (select 1 from workflow_instance w where w.id = f.instance_id"
                                    + " and w.scheduled_time = f.scheduled_time)",
                            id),
                    "each firing names the run of its time");
            assertNotEquals(
                    firing,
                    TestPlatform.query(
                            "select server_id from workflow_instance where schedule_id = ?"
                                    + " order by scheduled_time desc limit 1",
                            id),
                    "another server fired the times after the kill");
        } finally {
            second.close();
        }
    }
}
