package io.aiworkflow.engine.runs;

import io.aiworkflow.engine.history.RunLineage;

/**
 * How an item of a bulk operation starts its run: under the instance id chosen when the item was
 * claimed, recording the operation, the item and the run it repeats.
 */
public record BulkStart(String instanceId, String operationId, int itemSeq, String sourceInstanceId) {

    /** {@code lineage} with this item added; {@code lineage} alone when there is no item. */
    public static RunLineage lineage(BulkStart bulk, RunLineage lineage) {
        return bulk == null ? lineage : lineage.inBulk(bulk.operationId, bulk.itemSeq, bulk.sourceInstanceId);
    }

    public static String instanceId(BulkStart bulk) {
        return bulk == null ? null : bulk.instanceId;
    }
}
