package io.aiworkflow.web.console;

import io.aiworkflow.engine.apps.AppQuery;
import io.aiworkflow.engine.apps.AppService;
import io.aiworkflow.engine.apps.AppViews.AppSummary;
import io.aiworkflow.engine.apps.AppViews.Page;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

import java.util.List;
import java.util.Map;

/**
 * The apps table, one page at a time from {@link AppService#list}: the database pages, sorts and
 * filters, so the table stays fast however many apps a team has.
 */
@Dependent
public class AppLazyModel extends KeyedLazyModel<AppRow> {

    private static final long serialVersionUID = 1L;

    @Inject
    private AppService apps;

    @Inject
    private ConsoleUser user;

    @Override
    protected String keyOf(AppRow row) {
        return row.getAppId();
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return ConsoleMessages.readOr(
                () -> (int) apps.list(user.caller(), query(filterBy, Map.of(), 1, 1))
                        .total(),
                0);
    }

    @Override
    public List<AppRow> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        return ConsoleMessages.readOr(
                () -> {
                    int size = Math.max(pageSize, 1);
                    Page<AppSummary> page = apps.list(user.caller(), query(filterBy, sortBy, first / size + 1, size));
                    return page.items().stream().map(AppRow::new).toList();
                },
                List.of());
    }

    private static AppQuery query(Map<String, FilterMeta> filterBy, Map<String, SortMeta> sortBy, int page, int size) {
        String name = text(filterBy.get("name"));
        String type = text(filterBy.get("appType"));
        SortMeta sort = sortBy.values().stream()
                .filter(s -> s.getOrder() != SortOrder.UNSORTED)
                .findFirst()
                .orElse(null);
        return new AppQuery(
                null,
                type == null ? null : Integer.valueOf(type),
                name,
                sort == null ? null : sort.getField(),
                sort != null && sort.getOrder() == SortOrder.ASCENDING,
                page,
                size);
    }

    private static String text(FilterMeta filter) {
        Object value = filter == null ? null : filter.getFilterValue();
        return value == null || value.toString().isBlank()
                ? null
                : value.toString().trim();
    }
}
