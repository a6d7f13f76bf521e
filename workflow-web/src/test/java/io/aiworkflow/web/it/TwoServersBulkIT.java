package io.aiworkflow.web.it;

import io.aiworkflow.launcher.Platform;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two application servers on one database finish one bulk operation together: each claims items
 * (both appear as claimers and as the servers that ran the new runs), and no item runs twice.
 */
class TwoServersBulkIT {

    private static final Api api = Api.admin();

    @Test
    void twoServersShareOneOperationsItems() throws Exception {
        String app = BulkOperationIT.app("bulk two servers");
        BulkOperationIT.runs(app, 60, false);
        try (Platform second = TestPlatform.startSecondServer()) {
            JsonObject op = BulkOperationIT.start(
                    BulkOperationIT.rerun(app).add("maxInFlight", 6).add("startsPerSecond", 8), null);
            String id = op.getString("id");
            JsonObject end = BulkOperationIT.awaitEnd(id);
            assertEquals("COMPLETED", end.getString("state"), end.toString());
            assertEquals(60, end.getJsonObject("counts").getInt("succeeded"));

            assertEquals(
                    "2",
                    TestPlatform.query(
                            "select count(distinct claimed_by) from bulk_operation_item where operation_id = ?", id),
                    "both servers claimed items");
            assertEquals(
                    "2",
                    TestPlatform.query(
                            "select count(distinct server_id) from workflow_instance where bulk_operation_id = ?", id),
                    "both servers ran the new runs");
            assertEquals(
                    "60",
                    TestPlatform.query(
                            "select count(distinct bulk_item_seq) from workflow_instance where bulk_operation_id = ?",
                            id));
            assertEquals(
                    "60",
                    TestPlatform.query("select count(*) from workflow_instance where bulk_operation_id = ?", id),
                    "no item ran twice");
        }
    }
}
