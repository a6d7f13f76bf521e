package io.aiworkflow.engine.execution;

/**
 * Whether this server still holds a run it is about to move on: answer its confirmation, time it
 * out or cancel it. Several servers share the waiting runs of one database; one whose heartbeat
 * stalled may find that another took its run over, and must then let go of its copy.
 */
@FunctionalInterface
public interface RunLease {

    /** One server alone: every run is its own. */
    RunLease ALWAYS = instanceId -> true;

    /** True when the run is still this server's, and stays so long enough to record the next step. */
    boolean hold(String instanceId);
}
