package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.engine.apps.AppQuery;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.AppSummary;
import io.aiworkflow.engine.history.RunFilter;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs page: filters (state, app, start-time range) over the lazy table. Times are entered and
 * shown in UTC, as everywhere in the console. {@code appId} and {@code state} are also view
 * parameters, so the app page can link to its runs.
 */
@Named
@ViewScoped
public class RunsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** In a run's order of life. */
    private static final List<String> STATES =
            Arrays.stream(RunState.values()).map(RunState::wire).toList();

    @Inject
    private RunLazyModel model;

    @Inject
    private AppService apps;

    @Inject
    private ConsoleUser user;

    private String appId;
    private String state;
    /** only the runs of this schedule (a link from the schedule's page) */
    private String scheduleId;

    private LocalDateTime from;
    private LocalDateTime to;
    /** Label to appId, for the select (names may repeat, so the label carries the id's start). */
    private Map<String, String> appChoices = Map.of();
    /** appId to name, for the table. */
    private Map<String, String> appNames = Map.of();

    public void load() {
        keepKnownFilters();
        try {
            // the store caps a page at 200; a team with more workflow apps filters the rest by link
            List<AppSummary> workflows = apps.list(
                            user.caller(),
                            new AppQuery(null, AppType.Workflow.code(), null, "name", true, 1, AppQuery.MAX_PAGE_SIZE))
                    .items();
            Map<String, String> choices = new LinkedHashMap<>();
            Map<String, String> names = new LinkedHashMap<>();
            for (AppSummary a : workflows) {
                choices.put(choiceLabel(a), a.appId());
                names.put(a.appId(), a.name());
            }
            if (blank(appId) != null && !names.containsKey(appId)) {
                // linked to an app beyond the first page: it must be a choice, or Apply fails validation
                try {
                    AppSummary linked = apps.get(user.caller(), appId);
                    choices.put(choiceLabel(linked), linked.appId());
                    names.put(linked.appId(), linked.name());
                } catch (RuntimeException e) {
                    ConsoleMessages.error("No app with id " + appId + ": showing the runs of every app");
                    appId = null;
                }
            }
            appChoices = choices;
            appNames = names;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
        apply();
    }

    /**
     * Filters from the address are what anyone may type: a state that is not one, or an app id
     * that cannot be one (a NUL byte, a path), is dropped with a message rather than showing no
     * rows under a filter that looks empty, or failing.
     */
    private void keepKnownFilters() {
        if (blank(state) != null && !STATES.contains(state)) {
            ConsoleMessages.error("'" + state + "' is not a run state: showing every state");
            state = null;
        }
        if (blank(appId) != null && !appId.matches("[A-Za-z0-9-]{1,64}")) {
            ConsoleMessages.error("No app with that id: showing the runs of every app");
            appId = null;
        }
        if (blank(scheduleId) != null && !scheduleId.matches("[A-Za-z0-9-]{1,64}")) {
            scheduleId = null;
        }
    }

    private static String choiceLabel(AppSummary a) {
        return a.name() + " (" + a.appId().substring(0, Math.min(8, a.appId().length())) + ")";
    }

    /** Hands the filters to the model; the table's update then reloads page one. */
    public void apply() {
        if (from != null && to != null && !to.isAfter(from)) {
            ConsoleMessages.error("The end of the time range must be after its start");
            return;
        }
        model.filter(currentFilter(), appNames);
    }

    /** The filters as applied: what a bulk action from this page acts on (all of it, not the page). */
    public RunFilter currentFilter() {
        return new RunFilter(blank(appId), blank(state), null, utc(from), utc(to), null, null, null, blank(scheduleId));
    }

    public void clear() {
        appId = null;
        scheduleId = null;
        state = null;
        from = null;
        to = null;
        apply();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Instant utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    public RunLazyModel getModel() {
        return model;
    }

    public List<String> getStates() {
        return STATES;
    }

    public Map<String, String> getAppChoices() {
        return appChoices;
    }

    public String getScheduleId() {
        return scheduleId;
    }

    public void setScheduleId(String scheduleId) {
        this.scheduleId = scheduleId;
    }

    public String getAppId() {
        return appId;
    }

    public void setAppId(String appId) {
        this.appId = appId;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public LocalDateTime getFrom() {
        return from;
    }

    public void setFrom(LocalDateTime from) {
        this.from = from;
    }

    public LocalDateTime getTo() {
        return to;
    }

    public void setTo(LocalDateTime to) {
        this.to = to;
    }
}
