package io.aiworkflow.engine.event;

import java.time.Instant;

/** A node lies on a path that was not taken (dead-path elimination). */
public record NodeSkipped(long sequence, String instanceId, Instant timestamp, NodeRef node) implements EngineEvent {}
