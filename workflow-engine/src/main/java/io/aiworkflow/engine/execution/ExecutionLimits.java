package io.aiworkflow.engine.execution;

/**
 * Bounds on one run, so that a design cannot run away with the machine.
 *
 * @param maxNodeRuns          node runs (all scopes, not counting retries) before RUN_LIMIT_EXCEEDED
 * @param maxLoopIterations    items one ForEach run may iterate over before LOOP_LIMIT_EXCEEDED
 * @param maxSubWorkflowDepth  nesting of sub-workflows before SUBWORKFLOW_DEPTH_EXCEEDED
 * @param nodeTasksPerTeam     node tasks one team may have on the node pool at once (all its runs)
 */
public record ExecutionLimits(int maxNodeRuns, int maxLoopIterations, int maxSubWorkflowDepth, int nodeTasksPerTeam) {

    public static ExecutionLimits defaults() {
        return new ExecutionLimits(10_000, 1_000, 5, Integer.MAX_VALUE);
    }

    public ExecutionLimits withMaxNodeRuns(int value) {
        return new ExecutionLimits(value, maxLoopIterations, maxSubWorkflowDepth, nodeTasksPerTeam);
    }

    public ExecutionLimits withMaxLoopIterations(int value) {
        return new ExecutionLimits(maxNodeRuns, value, maxSubWorkflowDepth, nodeTasksPerTeam);
    }

    public ExecutionLimits withMaxSubWorkflowDepth(int value) {
        return new ExecutionLimits(maxNodeRuns, maxLoopIterations, value, nodeTasksPerTeam);
    }

    public ExecutionLimits withNodeTasksPerTeam(int value) {
        return new ExecutionLimits(maxNodeRuns, maxLoopIterations, maxSubWorkflowDepth, value);
    }
}
