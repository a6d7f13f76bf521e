package io.aiworkflow.engine.history;

import io.aiworkflow.engine.history.InstanceViews.Instance;

import java.util.ArrayList;
import java.util.List;

/**
 * A run as the history writer committed it: its row and every node row, and its end once the commit
 * that ended it is in. {@link #instance()} builds it as a read of those rows gives it back, only
 * when someone asks: the writer's lane that hands it on is the history's bottleneck, and few runs
 * have a caller waiting. A caller waiting for a run's answer so needs no read of what was just
 * written, whether the run's history went in with one commit or several.
 *
 * <p>Only the writer's lane of the run changes it, before the run's end is committed; readers look
 * after that (the commit's completion orders the two).
 */
public final class WrittenRun {

    /** Runs with more node rows are read back rather than kept in memory until they end. */
    static final int MAX_NODES = 1_000;

    private final NewInstance row;
    private final List<NodeRow> nodes;
    private volatile RunOutcome end;

    WrittenRun(NewInstance row, RunOutcome end, List<NodeRow> nodes) {
        this.row = row;
        this.end = end;
        this.nodes = new ArrayList<>(nodes);
    }

    /**
     * The run as written, or null unless the writer saw its end committed: it is then read back (its
     * end is not committed yet, was not this server's to write, or the writer stopped keeping it).
     */
    public Instance instance() {
        RunOutcome ended = end;
        return ended == null ? null : row.asWritten(ended, nodes);
    }

    /** Node rows committed after the run's row; false (and it keeps none) once they are too many. */
    boolean add(List<NodeRow> committed) {
        if (nodes.size() + committed.size() > MAX_NODES) {
            nodes.clear();
            return false;
        }
        nodes.addAll(committed);
        return true;
    }

    /** The commit that ended the run is in. */
    void ended(RunOutcome outcome) {
        end = outcome;
    }

    boolean isEnded() {
        return end != null;
    }
}
