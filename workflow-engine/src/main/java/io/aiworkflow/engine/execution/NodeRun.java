package io.aiworkflow.engine.execution;

import io.aiworkflow.domain.definition.FieldDesign;
import io.aiworkflow.domain.definition.NodeDesign;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.event.NodeFailed;
import io.aiworkflow.engine.event.NodeFinished;
import io.aiworkflow.engine.event.NodeRef;
import io.aiworkflow.engine.event.NodeStarted;
import io.aiworkflow.engine.event.NodeTraced;
import io.aiworkflow.engine.event.Payloads;
import io.aiworkflow.engine.event.WaitingForHuman;
import io.aiworkflow.engine.expression.ExpressionException;
import io.aiworkflow.engine.node.NodeBehavior;
import io.aiworkflow.engine.node.NodeErrors;
import io.aiworkflow.engine.node.NodeFailure;
import io.aiworkflow.engine.node.NodeInput;
import io.aiworkflow.engine.node.NodeOutput;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One run of one node, over all its attempts: publishes NodeStarted, runs attempts (with timeout and
 * retry), then reports the outcome to its agenda according to {@code onError}. Only the final outcome
 * is a NodeFinished/NodeFailed; a failed attempt that is retried is a NodeTraced of kind RETRY.
 */
final class NodeRun {

    /** Extra time a behaviour that enforces its own timeout gets before the executor's safety net fires. */
    static final long OWN_TIMEOUT_GRACE_MS = 2_000;

    final Agenda agenda;
    final NodeDesign node;
    final NodeRef ref;
    final Run run;
    private final EngineServices services;
    private NodeSettings settings;
    private NodeBehavior behavior;
    private NodeInput input;
    private JsonObject inputs = Jsons.EMPTY_OBJECT;
    /** the inputs as events show them (a marker past Payloads.MAX_SHOWN_CHARS) */
    private JsonObject shownInputs = Jsons.EMPTY_OBJECT;

    private Instant startTime;
    private NodeAttempt current;
    private ScheduledFuture<?> retryTimer;
    private boolean closed;
    /** true between WaitingForHuman and the answer (or the confirmation timeout) */
    private boolean waiting;

    private ScheduledFuture<?> confirmTimer;
    private Instant waitingSince;

    NodeRun(Agenda agenda, NodeDesign node, NodeRef ref) {
        this.agenda = agenda;
        this.node = node;
        this.ref = ref;
        this.run = agenda.run;
        this.services = run.services();
    }

    void begin() {
        startTime = services.clock().instant();
        settings = NodeSettings.of(node);
        NodeFailure problem = prepare();
        if (problem == null && settings.needConfirm()) {
            awaitConfirmation();
            return;
        }
        JsonObject started = shownInputs;
        run.publish((seq, id, now) -> new NodeStarted(seq, id, now, ref, started));
        if (problem != null) {
            failed(problem, 1);
            return;
        }
        startAttempt(1);
    }

    /**
     * Step: park (the run's waiting set changes first, so what WaitingForHuman tells already counts
     * this node) and publish WaitingForHuman, until {@link #confirm} (or the confirmation timeout).
     */
    private void awaitConfirmation() {
        waiting = true;
        Instant before = run.waitingSince(ref);
        waitingSince = before != null ? before : services.clock().instant();
        JsonObject evaluated = shownInputs;
        long timeoutMs = remainingConfirmTimeMs();
        run.parkForConfirmation(this);
        run.publish(
                (seq, id, now) -> new WaitingForHuman(seq, id, now, ref, evaluated, settings.assignees(), timeoutMs));
        if (settings.confirmTimeoutMs() > 0) {
            confirmTimer = services.timers().schedule(this::confirmDeadline, timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The confirmation deadline passed: the node fails with CONFIRM_TIMEOUT, if this server still
     * holds the run. Lost to another server, the run is let go of (its new holder times it out);
     * with no answer from the lease, the deadline is looked at again a little later.
     */
    private void confirmDeadline() {
        run.locked(() -> {
            if (!waiting || closed) {
                return;
            }
            Run.Lease lease = run.holdOrLetGo(); // lost: let go of here, its new holder times it out
            if (lease == Run.Lease.UNKNOWN) {
                confirmTimer = services.timers().schedule(this::confirmDeadline, 5, TimeUnit.SECONDS);
            } else if (lease == Run.Lease.HELD) {
                answered();
                startAndFail(new NodeFailure(
                        NodeErrors.CONFIRM_TIMEOUT,
                        "node '" + node.nodeKey() + "' was not confirmed within " + settings.confirmTimeoutMs()
                                + " ms"));
            }
        });
    }

    /**
     * The node's confirmation timeout, less the time it already waited before a restart (at least
     * 1 ms, so an expired deadline still times out rather than waiting for ever); 0 for no timeout.
     */
    private long remainingConfirmTimeMs() {
        long timeoutMs = settings.confirmTimeoutMs();
        Instant since = run.waitingSince(ref);
        if (timeoutMs <= 0 || since == null) {
            return timeoutMs;
        }
        long waited = Duration.between(since, services.clock().instant()).toMillis();
        return Math.max(1, timeoutMs - Math.max(0, waited));
    }

    /** Who may answer this node's confirmation (null or empty: anyone who may run the app). */
    JsonArray assignees() {
        return settings == null ? null : settings.assignees();
    }

    /** When this node run began to wait (before a take-over, if it waited then already). */
    Instant waitingSince() {
        return waitingSince;
    }

    boolean isWaiting() {
        return waiting && !closed;
    }

    /**
     * Step (under the run lock): the answer to WaitingForHuman. Approved: the node runs with
     * {@code edited} merged over the evaluated inputs (settings cannot be edited). Rejected: per
     * {@code onReject}, the node fails with REJECTED (its onError applies) or the run is canceled.
     */
    void confirm(boolean approved, JsonObject edited) {
        answered();
        if (!approved) {
            if (settings.onReject() == NodeSettings.OnReject.CANCEL) {
                run.cancel();
            } else {
                startAndFail(new NodeFailure(NodeErrors.REJECTED, "node '" + node.nodeKey() + "' was rejected"));
            }
            return;
        }
        if (edited != null && !edited.isEmpty()) {
            JsonObjectBuilder merged = Jsons.object(inputs);
            edited.forEach((k, v) -> {
                if (!NodeDesign.isSetting(k)) {
                    merged.add(k, v);
                }
            });
            inputs = merged.build();
            input = new NodeInput(node, inputs);
            shownInputs = Payloads.shown(inputs);
        }
        startTime = services.clock().instant();
        JsonObject started = shownInputs;
        run.publish((seq, id, now) -> new NodeStarted(seq, id, now, ref, started));
        startAttempt(1);
    }

    private void answered() {
        waiting = false;
        run.unpark(this);
        if (confirmTimer != null) {
            confirmTimer.cancel(false);
        }
    }

    /** A waiting node that will not run: NodeStarted (so every node run has a start) then the failure. */
    private void startAndFail(NodeFailure failure) {
        startTime = services.clock().instant();
        JsonObject started = shownInputs;
        run.publish((seq, id, now) -> new NodeStarted(seq, id, now, ref, started));
        failed(failure, 1);
    }

    /** Finds the behaviour and evaluates the inputs; a problem here fails the node without running it. */
    private NodeFailure prepare() {
        try {
            behavior = services.registry().require(node.type());
            JsonObject given = run.givenInputs(ref);
            if (given != null) {
                // a replay's edited inputs: the node runs with exactly these
                inputs = given;
                input = new NodeInput(node, inputs);
                shownInputs = Payloads.shown(inputs);
                return null;
            }
            JsonObjectBuilder evaluated = Jsons.object();
            for (FieldDesign field : node.fieldDesigns()) {
                if (!NodeDesign.isSetting(field.fieldName())) {
                    evaluated.add(field.fieldName(), services.evaluator().evaluate(field, agenda.scope));
                }
            }
            inputs = evaluated.build();
            input = new NodeInput(node, inputs);
            shownInputs = Payloads.shown(inputs);
            return null;
        } catch (NodeFailure e) {
            return e;
        } catch (ExpressionException e) {
            return new NodeFailure(NodeErrors.EXPRESSION_ERROR, e.getMessage(), e);
        }
    }

    private void startAttempt(int number) {
        NodeAttempt attempt = new NodeAttempt(this, number, behavior, input);
        current = attempt;
        long timeout = effectiveTimeoutMs();
        attempt.start(timeout);
        attempt.result().whenComplete((output, error) -> run.locked(() -> attemptEnded(attempt, output, error)));
    }

    private long effectiveTimeoutMs() {
        if (settings.timeoutMs() == null) {
            return 0;
        }
        return behavior.enforcesOwnTimeout() ? settings.timeoutMs() + OWN_TIMEOUT_GRACE_MS : settings.timeoutMs();
    }

    /** Step: one attempt is over; succeed, retry after the backoff, or fail. */
    private void attemptEnded(NodeAttempt attempt, NodeOutput output, Throwable error) {
        if (closed || attempt != current) {
            return;
        }
        attempt.end();
        if (error == null) {
            succeeded(output, attempt.number());
            return;
        }
        NodeFailure failure = Failures.of(error);
        attempt.stop(NodeErrors.ABORTED, "attempt " + attempt.number() + " of node '" + node.nodeKey() + "' failed");
        if (run.isOver()) {
            return;
        }
        if (attempt.number() <= settings.retryCount()) {
            scheduleRetry(attempt.number(), failure);
            return;
        }
        failed(failure, attempt.number());
    }

    private void scheduleRetry(int failedAttempt, NodeFailure failure) {
        long backoff = settings.backoffMs();
        JsonObject data = Jsons.object()
                .add("attempt", failedAttempt)
                .add("code", failure.code())
                .add("message", String.valueOf(failure.getMessage()))
                .add("retryInMs", backoff)
                .build();
        run.publish((seq, id, now) -> new NodeTraced(seq, id, now, ref, data, NodeTraced.Kind.RETRY));
        retryTimer = services.timers()
                .schedule(
                        () -> run.locked(() -> {
                            if (!closed) {
                                startAttempt(failedAttempt + 1);
                            }
                        }),
                        backoff,
                        TimeUnit.MILLISECONDS);
    }

    private void succeeded(NodeOutput output, int attempt) {
        if (!Payloads.fits(output.outputs(), Payloads.MAX_OUTPUT_CHARS)) {
            failed(
                    new NodeFailure(
                            NodeErrors.NODE_OUTPUT_TOO_LARGE,
                            "node '" + node.nodeKey() + "' produced more than "
                                    + Payloads.MAX_OUTPUT_CHARS / (1024 * 1024) + " Mi characters of output"),
                    attempt);
            return;
        }
        closed = true;
        run.addUsage(output.usage());
        agenda.scope.putNodeOutput(node.nodeKey(), output.outputs());
        long duration = durationMs();
        JsonObject in = shownInputs;
        run.publish((seq, id, now) -> new NodeFinished(
                seq,
                id,
                now,
                ref,
                in,
                output.outputs(),
                startTime,
                duration,
                output.usage(),
                output.branch(),
                attempt));
        agenda.nodeDone(this, c -> Routes.takenOnSuccess(node.type(), output.branch(), c));
    }

    /** Step: the node failed for good; its onError decides whether the scope goes on. */
    private void failed(NodeFailure failure, int attempt) {
        closed = true;
        boolean handled = settings.onError() != NodeSettings.OnError.FAIL;
        publishFailed(failure.code(), failure.getMessage(), handled, attempt);
        switch (settings.onError()) {
            case CONTINUE -> {
                JsonObject fallback = settings.defaultOutput();
                agenda.scope.putNodeOutput(node.nodeKey(), fallback);
                String branch = fallback.get("branch") instanceof JsonString s ? s.getString() : "else";
                agenda.nodeDone(this, c -> Routes.takenOnSuccess(node.type(), branch, c));
            }
            case BRANCH -> {
                // the error path can read what went wrong as <node>.error.code / .message
                agenda.scope.putNodeOutput(
                        node.nodeKey(),
                        Jsons.object()
                                .add(
                                        "error",
                                        Jsons.object()
                                                .add("code", failure.code())
                                                .add("message", String.valueOf(failure.getMessage())))
                                .build());
                agenda.nodeDone(this, Routes::takenOnErrorBranch);
            }
            case FAIL -> agenda.nodeFailed(this, failure);
        }
    }

    /** Stops this node run from outside (cancel, or a failure elsewhere in its scope). */
    void abort(String code, String message) {
        if (closed) {
            return;
        }
        closed = true;
        if (retryTimer != null) {
            retryTimer.cancel(false);
        }
        if (waiting) {
            answered();
        }
        int attempt = 1;
        if (current != null) {
            attempt = current.number();
            current.end();
            current.stop(code, message);
        }
        publishFailed(code, message, false, attempt);
    }

    private void publishFailed(String code, String message, boolean handled, int attempt) {
        long duration = durationMs();
        JsonObject in = shownInputs;
        run.publish((seq, id, now) ->
                new NodeFailed(seq, id, now, ref, in, code, message, startTime, duration, handled, attempt));
    }

    private long durationMs() {
        return Math.max(
                0, Duration.between(startTime, services.clock().instant()).toMillis());
    }
}
