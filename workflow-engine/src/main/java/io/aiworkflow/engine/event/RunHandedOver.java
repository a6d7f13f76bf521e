package io.aiworkflow.engine.event;

import java.time.Instant;

/**
 * This server let go of the run: another one took it over while this one had lost touch with the
 * database. It ends the run's stream here and nothing of it is recorded; the run goes on elsewhere.
 */
public record RunHandedOver(long sequence, String instanceId, Instant timestamp) implements EngineEvent {}
