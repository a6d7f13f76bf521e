package io.aiworkflow.engine.history;

/**
 * The database refused a run's history for good: the run is recorded Failed with {@code code} and
 * {@code message}, and should stop. Fired asynchronously, off the history writer's thread.
 */
public record HistoryRejected(String instanceId, String code, String message) {}
