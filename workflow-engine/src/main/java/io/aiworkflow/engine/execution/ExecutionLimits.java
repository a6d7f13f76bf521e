package io.aiworkflow.engine.execution;

/**
 * Bounds on one run, so that a design cannot run away with the machine.
 *
 * @param maxNodeRuns          node runs (all scopes, not counting retries) before RUN_LIMIT_EXCEEDED
 * @param maxLoopIterations    items one ForEach run may iterate over before LOOP_LIMIT_EXCEEDED
 * @param maxSubWorkflowDepth  nesting of sub-workflows before SUBWORKFLOW_DEPTH_EXCEEDED
 */
public record ExecutionLimits(int maxNodeRuns, int maxLoopIterations, int maxSubWorkflowDepth) {

    public static ExecutionLimits defaults() {
        return new ExecutionLimits(10_000, 1_000, 5);
    }

    public ExecutionLimits withMaxNodeRuns(int value) {
        return new ExecutionLimits(value, maxLoopIterations, maxSubWorkflowDepth);
    }

    public ExecutionLimits withMaxLoopIterations(int value) {
        return new ExecutionLimits(maxNodeRuns, value, maxSubWorkflowDepth);
    }

    public ExecutionLimits withMaxSubWorkflowDepth(int value) {
        return new ExecutionLimits(maxNodeRuns, maxLoopIterations, value);
    }
}
