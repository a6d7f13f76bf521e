package io.aiworkflow.engine.history;

import io.aiworkflow.engine.history.InstanceViews.Instance;

import java.util.List;

/**
 * A run whose whole history went in with one commit: its row, inserted ended, and every node row.
 * {@link #instance()} builds it as a read of those rows gives it back, only when someone asks: the
 * writer's lane that hands it on is the history's bottleneck, and few runs have a caller waiting.
 */
public final class WrittenRun {

    private final NewInstance row;
    private final RunOutcome end;
    private final List<NodeRow> nodes;

    WrittenRun(NewInstance row, RunOutcome end, List<NodeRow> nodes) {
        this.row = row;
        this.end = end;
        this.nodes = nodes;
    }

    public Instance instance() {
        return row.asWritten(end, nodes);
    }
}
