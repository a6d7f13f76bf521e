package io.aiworkflow.engine.event;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import java.time.Instant;

/**
 * A node with {@code needHumanConfirm} is ready and waits for a person: {@code inputs} are the evaluated
 * inputs it would run with, {@code assignees} who may answer (or {@code null}), {@code timeoutMs} how long
 * the answer may take ({@code 0} = no limit). The node's NodeStarted (or NodeFailed) follows the answer.
 */
public record WaitingForHuman(
        long sequence,
        String instanceId,
        Instant timestamp,
        NodeRef node,
        JsonObject inputs,
        JsonArray assignees,
        long timeoutMs)
        implements EngineEvent {}
