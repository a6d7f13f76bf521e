/**
 * Bulk operations: one action (rerun, retry, replay, cancel, confirm) over a frozen selection of
 * runs, carried out by Jakarta Batch jobs ({@code job} package) on every server that shares the
 * database, paced and bounded per operation, paused by failures, recoverable after a crash.
 */
package io.aiworkflow.engine.bulk;
