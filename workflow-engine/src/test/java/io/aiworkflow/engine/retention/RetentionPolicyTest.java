package io.aiworkflow.engine.retention;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A policy's limits are checked as it is made, and read out in words for the console and the audit log. */
class RetentionPolicyTest {

    @Test
    void aPolicyIsDescribedByTheLimitsItSets() {
        assertEquals("every run is kept", RetentionPolicy.KEEP_ALL.describe());
        assertEquals("runs are kept for 30 days", new RetentionPolicy(30, null).describe());
        assertEquals("the last 1000 runs are kept", new RetentionPolicy(null, 1000).describe());
        assertEquals("runs are kept for 7 days, the last 50 at most", new RetentionPolicy(7, 50).describe());
    }

    @Test
    void limitsOutOfRangeAreRefusedNamingTheField() {
        WorkflowException days = assertThrows(WorkflowException.class, () -> new RetentionPolicy(0, null));
        assertEquals(ErrorCode.VALIDATION_ERROR, days.code());
        assertTrue(days.getMessage().contains("keepDays"), days.getMessage());
        WorkflowException runs =
                assertThrows(WorkflowException.class, () -> new RetentionPolicy(null, RetentionPolicy.MAX_RUNS + 1));
        assertTrue(runs.getMessage().contains("keepRuns"), runs.getMessage());
    }
}
