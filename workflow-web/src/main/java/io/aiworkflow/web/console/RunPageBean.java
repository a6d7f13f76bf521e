package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.domain.shared.Jsons;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.audit.AuditEntry;
import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Instance;
import io.aiworkflow.engine.history.TraceStore;
import io.aiworkflow.engine.replay.ReplayService;
import io.aiworkflow.engine.runs.RecordedDesigns;
import io.aiworkflow.engine.runs.RunService;
import io.aiworkflow.engine.security.AccessPolicy;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonObject;

import java.io.Serializable;
import java.util.List;

/**
 * One run: header, the graph of the version that ran coloured by node status, timeline, node
 * executions, and Cancel. The page polls {@link #refresh} while the run is active; the history is
 * the source, so what the page shows is what the API's instance endpoint returns.
 */
@Named
@ViewScoped
public class RunPageBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private InstanceStore instances;

    @Inject
    private RunService runs;

    @Inject
    private AppService apps;

    @Inject
    private ConsoleUser user;

    @Inject
    private TraceStore traces;

    @Inject
    private ReplayService replays;

    @Inject
    private RecordedDesigns designs;

    @Inject
    private AuditLog audit;

    private String id;
    private RunRow run;
    private DesignView graph;
    private List<NodeRunRow> nodes = List.of();
    private List<WaitingNodeRow> waiting = List.of();
    /** A published version never changes: read it (and the app name) once per view, not per poll. */
    private String designJson;

    private String appName;
    private boolean appDeleted;

    private String replayFrom;
    private String replayInputs;
    private String replayPlan;
    private String compareWith;
    private List<String> replayedBy = List.of();
    /** who answered, canceled, replayed or retried this run, oldest first */
    private List<String> actions = List.of();
    /** what the run was started with and what it answered, as indented JSON */
    private String parameters = "";

    private String result = "";

    public void load() {
        refresh();
    }

    public void refresh() {
        try {
            Instance instance = instances.get(user.caller(), id);
            if (designJson == null) {
                designJson = RunGraph.designJson(instance, designs);
                AppService.AppLabel label = apps.labelInHistory(user.caller(), instance.appId());
                appName = label.name();
                appDeleted = label.deleted();
            }
            run = new RunRow(instance, appName);
            parameters = ConsoleJson.pretty(instance.parameters());
            result = ConsoleJson.pretty(instance.result());
            replayedBy = instances.replaysOf(id);
            actions = audit.about("run:" + id).stream().map(RunPageBean::said).toList();
            nodes = NodeRunRow.of(instance, traceData());
            if (RunState.of(instance.state()) != RunState.WAITING) {
                waiting = List.of();
            } else if (waiting.isEmpty()) {
                // read once per wait: a poll must not overwrite inputs the user is editing
                waiting = WaitingNodeRow.of(
                        instances.eventsAfter(id, 0),
                        assignees -> user.isCanWrite() && AccessPolicy.mayAnswer(user.caller(), assignees));
            }
            graph = RunState.of(instance.state()).isActive()
                    ? RunGraph.live("runGraph", instance, designJson, instances.eventsAfter(id, 0))
                    : RunGraph.view("runGraph", instance, designJson);
        } catch (RuntimeException e) {
            if (run == null) {
                graph = null;
            }
            ConsoleMessages.failure(e);
        }
    }

    /** The frames as the trace endpoint returns them; with trace level none there are none. */
    private NodeTraceData traceData() {
        return NodeTraceData.of(traces.trace(user.caller(), id));
    }

    public void cancel() {
        try {
            runs.cancel(user.caller(), id);
            ConsoleMessages.info("Cancel requested");
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
        refresh();
    }

    /** Approves a waiting node, with the inputs as edited on the page (a JSON object). */
    public void approve(WaitingNodeRow node) {
        answer(node, true);
    }

    public void reject(WaitingNodeRow node) {
        answer(node, false);
    }

    private void answer(WaitingNodeRow node, boolean approved) {
        try {
            JsonObject inputs =
                    approved && node.getInputs() != null && !node.getInputs().isBlank()
                            ? Jsons.parseObject(node.getInputs())
                            : null;
            runs.confirm(user.caller(), id, node.getNodeKey(), approved, inputs);
            ConsoleMessages.info((approved ? "Approved " : "Rejected ") + node.getNodeName());
            waiting = List.of();
            awaitLeavingWaiting();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
        refresh();
    }

    /** History records the answer asynchronously; wait briefly so the page (and its poll) see the run move on. */
    private void awaitLeavingWaiting() {
        long deadline = System.currentTimeMillis() + 3_000;
        try {
            while (instances.stateOf(user.caller(), id) == RunState.WAITING && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "Replay from here": the form starts with the node's recorded inputs and the plan. */
    public void prepareReplay(NodeRunRow node) {
        replayFrom = node.getNodeKey();
        replayInputs = node.getInput();
        showPlan();
    }

    /** The plan of the replay as the form stands: what is reused, run or skipped, and why. */
    public void showPlan() {
        try {
            replayPlan = ReplayService.describe(
                    replays.replay(user.caller(), id, replayRequest(), true).plan());
        } catch (RuntimeException e) {
            replayPlan = null;
            ConsoleMessages.failure(e);
        }
    }

    /** Starts the replay and opens the new run. */
    public String replay() {
        try {
            String started = replays.replay(user.caller(), id, replayRequest(), false)
                    .run()
                    .instanceId();
            return "/console/run?faces-redirect=true&id=" + started;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
            return null;
        }
    }

    /** Retries the run from every node that did not complete and opens the new run. */
    public String retry() {
        try {
            String started = replays.retry(
                            user.caller(),
                            id,
                            new ReplayService.ReplayRequest(null, null, null, "original", false),
                            false)
                    .run()
                    .instanceId();
            return "/console/run?faces-redirect=true&id=" + started;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
            return null;
        }
    }

    public String compare() {
        if (compareWith == null || compareWith.isBlank()) {
            ConsoleMessages.failure(new IllegalArgumentException("give the id of the run to compare with"));
            return null;
        }
        return "/console/compare?faces-redirect=true&a=" + id + "&b=" + compareWith.trim();
    }

    private ReplayService.ReplayRequest replayRequest() {
        JsonObject inputs = replayInputs == null || replayInputs.isBlank() ? null : Jsons.parseObject(replayInputs);
        return new ReplayService.ReplayRequest(replayFrom, inputs, null, "original", false);
    }

    public String getReplayFrom() {
        return replayFrom;
    }

    public String getReplayInputs() {
        return replayInputs;
    }

    public void setReplayInputs(String replayInputs) {
        this.replayInputs = replayInputs;
    }

    public String getReplayPlan() {
        return replayPlan;
    }

    /** The runs that replay or retry this one. */
    /** "Approved by alice at … (node review)": an audit entry about this run, in words. */
    private static String said(AuditEntry e) {
        String verb = switch (e.action()) {
            case "run.approve" -> "Approved";
            case "run.reject" -> "Rejected";
            case "run.cancel" -> "Canceled";
            case "run.replay" -> "Replayed";
            case "run.retry" -> "Retried";
            default -> e.action();
        };
        return verb + " by " + e.actor() + " at " + ConsoleTimes.format(e.time())
                + (e.details() == null ? "" : " (" + e.details() + ")");
    }

    /** The app was deleted since: its runs stay, its page is gone. */
    public boolean isAppDeleted() {
        return appDeleted;
    }

    public String getParameters() {
        return parameters;
    }

    public String getResult() {
        return result;
    }

    public List<String> getActions() {
        return actions;
    }

    public List<String> getReplayedBy() {
        return replayedBy;
    }

    public String getCompareWith() {
        return compareWith;
    }

    public void setCompareWith(String compareWith) {
        this.compareWith = compareWith;
    }

    public List<WaitingNodeRow> getWaiting() {
        return waiting;
    }

    /** Polls while the run moves on by itself; a waiting run is not polled, so edits to its inputs stay. */
    public boolean isPolling() {
        return isActive() && !RunState.WAITING.wire().equals(run.getState());
    }

    /** Polling stops once this turns false (the poll's {@code stop}). */
    public boolean isActive() {
        return run != null && run.isActive();
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public RunRow getRun() {
        return run;
    }

    public DesignView getGraph() {
        return graph;
    }

    public List<NodeRunRow> getNodes() {
        return nodes;
    }
}
