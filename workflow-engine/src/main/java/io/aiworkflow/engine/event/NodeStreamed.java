package io.aiworkflow.engine.event;

import java.time.Instant;

/** A chunk of a streamed LLM answer. */
public record NodeStreamed(long sequence, String instanceId, Instant timestamp, NodeRef node, String chunk)
        implements EngineEvent {}
