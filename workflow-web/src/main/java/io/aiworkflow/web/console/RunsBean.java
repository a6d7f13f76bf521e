package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.app.AppType;
import io.aiworkflow.domain.model.run.RunState;
import io.aiworkflow.engine.apps.AppQuery;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.AppSummary;
import io.aiworkflow.engine.history.RunFilter;
import io.aiworkflow.engine.history.RunSort;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.component.datatable.DataTable;
import org.primefaces.event.data.PageEvent;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runs page: filters (state, app, start-time range, a search by run id or parameter value)
 * and an order over the lazy table. Times are entered and shown in UTC, as everywhere in the
 * console. The filters, order and page are view parameters and written back to the address after
 * each change ({@link #getAddress}), so Back, reload and a shared link show the same rows.
 */
@Named
@ViewScoped
public class RunsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The orders the page offers, label to {@link RunSort} wire form. */
    private static final Map<String, String> SORTS = sorts();

    private static final DateTimeFormatter ADDRESS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private static Map<String, String> sorts() {
        Map<String, String> sorts = new LinkedHashMap<>();
        sorts.put("Newest first", "-startTime");
        sorts.put("Oldest first", "startTime");
        sorts.put("Longest first", "-duration");
        sorts.put("Shortest first", "duration");
        sorts.put("Most tokens first", "-tokens");
        return sorts;
    }

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
    /** a run id, or text a parameter value contains */
    private String q;
    /** {@link RunSort}'s wire form; blank is newest first */
    private String sort;
    /** 1-based, as in the address */
    private int page = 1;

    private int rows = 20;
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
            if (ConsoleFilters.blank(appId) != null && !names.containsKey(appId)) {
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
        if (ConsoleFilters.blank(state) != null && !STATES.contains(state)) {
            ConsoleMessages.error("'" + state + "' is not a run state: showing every state");
            state = null;
        }
        if (ConsoleFilters.blank(appId) != null && !appId.matches("[A-Za-z0-9-]{1,64}")) {
            ConsoleMessages.error("No app with that id: showing the runs of every app");
            appId = null;
        }
        if (ConsoleFilters.blank(scheduleId) != null && !scheduleId.matches("[A-Za-z0-9-]{1,64}")) {
            scheduleId = null;
        }
        if (ConsoleFilters.blank(sort) != null && !SORTS.containsValue(sort)) {
            ConsoleMessages.error("'" + sort + "' is not an order of the runs: showing the newest first");
            sort = null;
        }
        if (q != null && q.length() > RunFilter.MAX_SEARCH) {
            q = q.substring(0, RunFilter.MAX_SEARCH);
        }
        if (!List.of(20, 50, 100).contains(rows)) {
            rows = 20;
        }
        page = Math.max(page, 1);
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
        model.filter(currentFilter(), RunSort.parse(ConsoleFilters.blank(sort)), appNames);
    }

    /** The Apply button: new filters start again at page one. */
    public void applyFromForm() {
        page = 1;
        apply();
    }

    /** The table moved to another page, or shows another number of rows per page. */
    public void onPage(PageEvent event) {
        page = event.getPage() + 1;
        if (event.getComponent() instanceof DataTable table) {
            rows = table.getRows();
        }
    }

    /**
     * This view's address: the page with the filters, order and page set (defaults left out), for
     * the browser's history after each change.
     */
    public String getAddress() {
        StringBuilder query = new StringBuilder();
        param(query, "appId", ConsoleFilters.blank(appId));
        param(query, "state", ConsoleFilters.blank(state));
        param(query, "scheduleId", ConsoleFilters.blank(scheduleId));
        param(query, "q", ConsoleFilters.blank(q));
        param(query, "from", from == null ? null : from.format(ADDRESS_TIME));
        param(query, "to", to == null ? null : to.format(ADDRESS_TIME));
        param(query, "sort", ConsoleFilters.blank(sort));
        param(query, "page", page > 1 ? Integer.toString(page) : null);
        param(query, "rows", rows != 20 ? Integer.toString(rows) : null);
        return "runs.xhtml" + query;
    }

    private static void param(StringBuilder query, String name, String value) {
        if (value != null) {
            query.append(query.isEmpty() ? '?' : '&')
                    .append(name)
                    .append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** The table's first row, from the page in the address. */
    public int getFirst() {
        return (page - 1) * rows;
    }

    public void setFirst(int first) {
        // the table reports its position through onPage; the address sets it
    }

    /** The filters as applied: what a bulk action from this page acts on (all of it, not the page). */
    public RunFilter currentFilter() {
        return new RunFilter(
                ConsoleFilters.blank(appId),
                ConsoleFilters.blank(state),
                null,
                ConsoleFilters.utc(from),
                ConsoleFilters.utc(to),
                null,
                null,
                null,
                ConsoleFilters.blank(scheduleId),
                ConsoleFilters.blank(q));
    }

    public void clear() {
        appId = null;
        scheduleId = null;
        state = null;
        from = null;
        to = null;
        q = null;
        sort = null;
        page = 1;
        apply();
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

    public Map<String, String> getSorts() {
        return SORTS;
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = sort;
    }

    public String getQ() {
        return q;
    }

    public void setQ(String q) {
        this.q = q;
    }

    public int getPage() {
        return page;
    }

    public void setPage(int page) {
        this.page = page;
    }

    public int getRows() {
        return rows;
    }

    public void setRows(int rows) {
        this.rows = rows;
    }

    /** The start of the range as the address holds it ({@code 2026-12-01T09:30}); a bad one is dropped. */
    public String getFromParam() {
        return from == null ? null : from.format(ADDRESS_TIME);
    }

    public void setFromParam(String value) {
        from = addressTime("from", value);
    }

    public String getToParam() {
        return to == null ? null : to.format(ADDRESS_TIME);
    }

    public void setToParam(String value) {
        to = addressTime("to", value);
    }

    private static LocalDateTime addressTime(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, ADDRESS_TIME);
        } catch (DateTimeParseException e) {
            ConsoleMessages.error("'" + value + "' is not a time (" + name + "): it is left out");
            return null;
        }
    }
}
