/**
 * The Jakarta Batch job that carries out a bulk operation ({@code META-INF/batch-jobs/bulk-operation.xml}):
 * a chunk step claims and starts items one per checkpoint, then a batchlet waits for their runs to
 * end. Artifacts are small {@code @Dependent @Named} beans over the {@code bulk} package's services.
 */
package io.aiworkflow.engine.bulk.job;
