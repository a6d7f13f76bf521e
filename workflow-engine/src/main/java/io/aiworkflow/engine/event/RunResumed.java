package io.aiworkflow.engine.event;

import io.aiworkflow.domain.model.run.RunOrigin;

import java.time.Instant;

/**
 * A run recorded elsewhere (it waited for a person when its server stopped) goes on here: the first
 * event of its stream on this server, in place of {@link WorkflowStarted}. {@code startedAt} is when
 * the run first started, {@code completedSteps} how many top-level nodes had ended before. Internal:
 * it has no API form.
 */
public record RunResumed(
        long sequence,
        String instanceId,
        Instant timestamp,
        String appId,
        int version,
        Instant startedAt,
        int completedSteps,
        RunOrigin origin)
        implements EngineEvent {}
