package io.aiworkflow.engine.runs;

/**
 * Takes over a waiting run whose server stopped, so this server can answer or cancel it. Implemented
 * by the cluster package; the runs package asks through this, so it depends on no cluster class.
 */
public interface RunTakeOver {

    /** The run, live here now; null when another (live) server owns it. */
    LiveRun takeOver(String instanceId);
}
