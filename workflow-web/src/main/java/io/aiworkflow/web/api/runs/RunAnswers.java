package io.aiworkflow.web.api.runs;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.event.EngineEvent;
import io.aiworkflow.engine.event.RunHandedOver;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.runs.LiveRun;
import io.aiworkflow.engine.security.Caller;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JSON answers to a run that was started: {@code 202 {instanceId, state: Running}} at once
 * ({@code async}) or when it has not ended and been recorded in time, else {@code 200} with the
 * recorded instance: as its commit wrote it when that commit held its whole history, else read
 * back. An id is handed out only once the run's row can be read.
 */
final class RunAnswers {

    static final long MAX_WAIT_SECONDS = 300;

    private RunAnswers() {}

    static Response await(LiveRun run, boolean async, Long timeoutMs, InstanceStore instances, Caller caller)
            throws InterruptedException {
        if (async) {
            return accepted(run);
        }
        long waitMs = timeoutMs == null ? MAX_WAIT_SECONDS * 1000 : Math.min(timeoutMs, MAX_WAIT_SECONDS * 1000);
        // one wait for the end and its commit: the request thread wakes once, when it can answer
        CompletableFuture<EngineEvent> answerable = run.handle()
                .terminal()
                .thenCompose(end -> end instanceof RunHandedOver
                        ? CompletableFuture.completedFuture(end)
                        : run.recorded().thenApply(recorded -> end));
        try {
            if (answerable.get(waitMs, TimeUnit.MILLISECONDS) instanceof RunHandedOver) {
                return accepted(run); // another server holds the run now: it has not ended
            }
        } catch (TimeoutException stillRunning) {
            return accepted(run);
        } catch (ExecutionException e) {
            throw new WorkflowException(ErrorCode.INTERNAL_ERROR, "the run could not be followed: " + e.getCause());
        }
        // the run as the history writer committed it: reading it back would give the same
        Instance written = run.asWritten();
        return Response.ok(written != null ? written : instances.get(caller, run.instanceId()))
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    /** The run's id is handed out: its row must be readable first. */
    private static Response accepted(LiveRun run) throws InterruptedException {
        try {
            run.opened().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new WorkflowException(
                    ErrorCode.NOT_YET_RECORDED,
                    "run " + run.instanceId() + " goes on, but the database has not recorded it within 30 s");
        }
        return Response.accepted(Map.of("instanceId", run.instanceId(), "state", RunState.RUNNING.wire()))
                .build();
    }
}
