package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkOperationService.CreateRequest;
import io.aiworkflow.engine.bulk.BulkOptions;
import io.aiworkflow.engine.bulk.BulkSelection;
import io.aiworkflow.engine.bulk.BulkViews.Preview;
import io.aiworkflow.engine.history.RunFilter;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The runs page's bulk action: acts on every run the filters select, never only the visible page.
 * The dry run's count is shown first; starting needs it confirmed (the selection token goes with
 * it, so a selection that changed meanwhile is refused and counted again).
 */
@Named
@ViewScoped
public class BulkActionBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    private BulkOperationService bulk;

    @Inject
    private RunsBean runs;

    @Inject
    private ConsoleUser user;

    private String action = "rerun";
    private String version = "original";
    private String reason;
    private long count = -1;
    private String token;
    private String breakdown;

    /** Counts what the filters select, with a breakdown; nothing starts. */
    public void preview() {
        try {
            Preview preview =
                    bulk.create(user.caller(), request(true, null, null)).preview();
            count = preview.count();
            token = preview.selectionToken();
            breakdown = preview.breakdown().entrySet().stream()
                    .map(e -> e.getKey() + ": " + describe(e.getValue()))
                    .collect(Collectors.joining("; "));
        } catch (RuntimeException e) {
            count = -1;
            ConsoleMessages.failure(e);
        }
    }

    /** Starts the operation the preview counted, and opens its page. */
    public String start() {
        if (token == null) {
            ConsoleMessages.error("Count the runs first");
            return null;
        }
        try {
            String id = bulk.create(user.caller(), request(false, token, count))
                    .operation()
                    .id();
            return "/console/operation?faces-redirect=true&id=" + id;
        } catch (RuntimeException e) {
            token = null;
            count = -1;
            ConsoleMessages.failure(e);
            return null;
        }
    }

    private CreateRequest request(boolean dryRun, String selectionToken, Long expected) {
        RunFilter filter = runs.currentFilter();
        BulkAction chosen = BulkAction.fromWire(action).orElse(BulkAction.RERUN);
        return new CreateRequest(
                chosen,
                new BulkSelection(filter, null),
                new BulkOptions(chosen == BulkAction.CANCEL ? null : version, null, null, null, null, null),
                dryRun,
                selectionToken,
                expected,
                null,
                null,
                null,
                reason,
                null,
                null);
    }

    private static String describe(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The filters changed or the action did: the earlier count no longer holds. */
    public void reset() {
        count = -1;
        token = null;
        breakdown = null;
    }

    public List<String> getActions() {
        return List.of("rerun", "retry", "cancel");
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public long getCount() {
        return count;
    }

    public boolean isCounted() {
        return token != null && count >= 0;
    }

    public String getBreakdown() {
        return breakdown;
    }
}
