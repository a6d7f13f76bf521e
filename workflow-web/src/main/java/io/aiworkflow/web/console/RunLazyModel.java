package io.aiworkflow.web.console;

import io.aiworkflow.engine.history.InstanceStore;
import io.aiworkflow.engine.history.InstanceViews.Page;
import io.aiworkflow.engine.history.RunFilter;
import io.aiworkflow.engine.history.RunSort;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.SortMeta;

import java.util.List;
import java.util.Map;

/**
 * The runs table, one page at a time from {@link InstanceStore#list}, newest first. The filters
 * sit above the table (the store filters by app, state and start time, not by column), so the
 * page's bean sets them here rather than through PrimeFaces' column filters.
 */
@Dependent
public class RunLazyModel extends KeyedLazyModel<RunRow> {

    private static final long serialVersionUID = 1L;

    @Inject
    private InstanceStore instances;

    @Inject
    private ConsoleUser user;

    private RunFilter filter = RunFilter.of(null, null, null, null);
    private RunSort sort = RunSort.NEWEST;
    private Map<String, String> appNames = Map.of();

    void filter(RunFilter filter, RunSort sort, Map<String, String> appNames) {
        this.filter = filter;
        this.sort = sort;
        this.appNames = appNames;
    }

    @Override
    protected String keyOf(RunRow row) {
        return row.getId();
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return ConsoleMessages.readOr(
                () -> (int) instances.list(user.caller(), filter, 1, 1).total(), 0);
    }

    @Override
    public List<RunRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        return ConsoleMessages.readOr(
                () -> {
                    int size = Math.max(pageSize, 1);
                    Page page = instances.list(user.caller(), filter, sort, first / size + 1, size);
                    return page.items().stream()
                            .map(s -> new RunRow(s, appNames.get(s.appId())))
                            .toList();
                },
                List.of());
    }
}
