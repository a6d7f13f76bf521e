package io.aiworkflow.engine.execution;

import io.aiworkflow.engine.expression.ExpressionEvaluator;
import io.aiworkflow.engine.node.NodeTypeRegistry;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

/** The collaborators every run of one executor shares. */
record EngineServices(
        NodeTypeRegistry registry,
        TeamFairPool pool,
        ScheduledExecutorService timers,
        Clock clock,
        ExecutionLimits limits,
        ExpressionEvaluator evaluator,
        RunLease lease) {}
