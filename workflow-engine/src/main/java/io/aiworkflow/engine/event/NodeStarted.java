package io.aiworkflow.engine.event;

import jakarta.json.JsonObject;

import java.time.Instant;

/** A node run began with these evaluated inputs. */
public record NodeStarted(long sequence, String instanceId, Instant timestamp, NodeRef node, JsonObject inputs)
        implements EngineEvent {}
