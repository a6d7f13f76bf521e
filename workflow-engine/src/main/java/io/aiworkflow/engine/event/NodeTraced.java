package io.aiworkflow.engine.event;

import jakarta.json.JsonValue;

import java.time.Instant;

/** Custom trace data a node reported while running ({@code error} true for traceError). */
public record NodeTraced(
        long sequence, String instanceId, Instant timestamp, NodeRef node, JsonValue data, boolean error)
        implements EngineEvent {}
