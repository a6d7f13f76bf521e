package io.aiworkflow.web.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server killed (kill -9) in the middle of a bulk operation: the next server restarts the
 * operation's batch execution from its checkpoint, the operation finishes, nothing stays stuck,
 * and history shows no item that ran twice.
 */
class BulkOperationCrashIT {

    private static final Api api = Api.admin();

    @Test
    void anOperationSurvivesAKilledServerAndNoItemRunsTwice() throws Exception {
        String app = BulkOperationIT.app("bulk crash");
        BulkOperationIT.runs(app, 16, false);
        JsonObject op = BulkOperationIT.start(
                BulkOperationIT.rerun(app)
                        .add("maxInFlight", 2)
                        // slow enough that the operation still runs when the killed server's heartbeat
                        // is stale (20 s): its execution must then be restarted, not just outrun by the
                        // restarted server's own execution
                        .add("startsPerSecond", 0.5)
                        .add(
                                "autoPause",
                                Json.createObjectBuilder()
                                        .add("failurePercent", 0)
                                        .add("failuresInARow", 0)),
                null);
        String id = op.getString("id");
        while (op.getJsonObject("counts").getInt("succeeded") < 3) {
            Thread.sleep(50);
            op = api.get("api/bulk-operations/" + id).json();
        }
        String before = TestPlatform.query("select execution_id from bulk_operation_worker where operation_id = ?", id);
        assertNotNull(before);

        TestPlatform.restartServer(true);

        JsonObject end = BulkOperationIT.awaitEnd(id);
        assertTrue(List.of("COMPLETED", "PARTIALLY_COMPLETED").contains(end.getString("state")), end.toString());
        JsonObject counts = end.getJsonObject("counts");
        assertEquals(16, counts.getInt("succeeded") + counts.getInt("failed"), counts.toString());
        assertTrue(counts.getInt("succeeded") >= 14, "at most the two in flight were lost: " + counts);

        assertEquals(
                "0",
                TestPlatform.query(
                        "select count(*) from (select bulk_item_seq from workflow_instance where bulk_operation_id = ?"
                                + " group by bulk_item_seq having count(*) > 1) twice",
                        id),
                "an item ran twice");
        assertEquals(
                "0",
                TestPlatform.query(
                        "select count(*) from bulk_operation_item i where i.operation_id = ? and (i.instance_id is null"
                                + " or not exists (select 1 from workflow_instance w where w.id = i.instance_id"
                                + " and w.bulk_operation_id = i.operation_id and w.bulk_item_seq = i.seq))",
                        id),
                "every item has exactly its own run");
        for (JsonObject item : BulkOperationIT.items(id, "SUCCEEDED")) {
            JsonObject run = api.get("api/app/workflow/instance/" + item.getString("instanceId"))
                    .json();
            assertEquals("Completed", run.getString("state"));
        }
        for (JsonObject item : BulkOperationIT.items(id, "FAILED")) {
            assertTrue(item.getString("error").startsWith("INTERRUPTED"), item.toString());
        }
        // the killed server's execution was restarted (same job instance, a new execution), not started anew
        String restarted = TestPlatform.query(
                "select count(*) from jbatchexecutioninstancedata e join jbatchexecutioninstancedata old"
                        + " on old.jobinstanceid = e.jobinstanceid where old.jobexecid = ? and e.jobexecid <> old.jobexecid",
                Long.parseLong(before));
        assertNotEquals("0", restarted);
    }
}
