package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.bulk.BulkState;
import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkViews.Counts;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;

/**
 * A bulk operation's page: a progress bar and counts that refresh while it runs, its items, and
 * pause, resume, cancel and retry of the failed items (each with the reason the audit trail keeps).
 */
@Named
@ViewScoped
public class OperationPageBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private BulkOperationService bulk;

    @Inject
    private ConsoleUser user;

    @Inject
    private BulkItemLazyModel items;

    private String id;
    private Operation operation;
    private String reason;

    public void load() {
        refresh();
    }

    public void refresh() {
        if (id == null || id.isBlank()) {
            return;
        }
        try {
            operation = bulk.get(user.caller(), id);
            items.show(id);
        } catch (RuntimeException e) {
            operation = null;
            ConsoleMessages.failure(e);
        }
    }

    public void pause() {
        act(() -> bulk.pause(user.caller(), id, reason), "Paused: no new item starts; running ones finish");
    }

    public void resume() {
        act(() -> bulk.resume(user.caller(), id, reason), "Resumed");
    }

    public void cancel() {
        act(() -> bulk.cancel(user.caller(), id, reason, false), "Canceled: pending items will not start");
    }

    public String retryFailed() {
        try {
            String child = bulk.retryFailed(user.caller(), id, reason).id();
            return "/console/operation?faces-redirect=true&id=" + child;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
            return null;
        }
    }

    private void act(Runnable change, String done) {
        try {
            change.run();
            reason = null;
            ConsoleMessages.info(done);
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
        refresh();
    }

    public boolean isLoaded() {
        return operation != null;
    }

    public boolean isEnded() {
        return operation == null || BulkState.valueOf(operation.state()).isEnded();
    }

    public boolean isPausable() {
        return operation != null
                && (operation.state().equals("RUNNING") || operation.state().equals("CREATED"));
    }

    public boolean isResumable() {
        return operation != null && operation.state().equals("PAUSED");
    }

    public boolean isRetryable() {
        return operation != null && operation.counts().failed() > 0;
    }

    /** Ended items out of all, in percent. */
    public int getPercent() {
        Counts c = operation.counts();
        return c.total() == 0 ? 100 : (int) (c.ended() * 100 / c.total());
    }

    public String getCountsText() {
        Counts c = operation.counts();
        return c.total() + " total · " + c.pending() + " pending · " + c.running() + " running · " + c.succeeded()
                + " succeeded · " + c.failed() + " failed · " + c.skipped() + " skipped · " + c.canceled()
                + " canceled";
    }

    public String getEta() {
        if (isEnded()) {
            return "—";
        }
        Long eta = operation.etaSeconds();
        return eta == null ? "not known yet" : RunRow.millis(eta * 1000);
    }

    public String getState() {
        return operation.state();
    }

    public String getTitle() {
        return operation.action() + " · " + operation.counts().total() + " runs";
    }

    public String getReasonGiven() {
        return operation.reason();
    }

    public String getPauseReason() {
        return operation.pauseReason();
    }

    public String getCreatedBy() {
        return operation.createdBy();
    }

    public String getParentId() {
        return operation.parentId();
    }

    public double getRate() {
        return operation.rate();
    }

    public BulkItemLazyModel getItems() {
        return items;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
