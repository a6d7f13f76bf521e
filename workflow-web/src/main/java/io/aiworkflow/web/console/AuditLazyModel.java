package io.aiworkflow.web.console;

import io.aiworkflow.engine.audit.AuditLog;
import io.aiworkflow.engine.audit.AuditQuery;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.SortMeta;

import java.util.List;
import java.util.Map;

/** The audit table, newest first, one page at a time; the page's bean sets the search. */
@Dependent
public class AuditLazyModel extends KeyedLazyModel<AuditRow> {

    private static final long serialVersionUID = 1L;

    @Inject
    private AuditLog audit;

    @Inject
    private ConsoleUser user;

    private AuditQuery query = AuditQuery.all();

    void search(AuditQuery query) {
        this.query = query;
    }

    @Override
    protected String keyOf(AuditRow row) {
        return row.getKey();
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return ConsoleMessages.readOr(
                () -> (int) audit.search(user.caller(), query, 1, 1).total(), 0);
    }

    @Override
    public List<AuditRow> load(
            int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        return ConsoleMessages.readOr(
                () -> {
                    int size = Math.max(pageSize, 1);
                    return audit.search(user.caller(), query, first / size + 1, size).items().stream()
                            .map(AuditRow::new)
                            .toList();
                },
                List.of());
    }
}
