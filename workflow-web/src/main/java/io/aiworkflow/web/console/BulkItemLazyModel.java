package io.aiworkflow.web.console;

import io.aiworkflow.engine.bulk.BulkOperationService;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.SortMeta;

import java.util.List;
import java.util.Map;

/** An operation's items, one page at a time, in selection order (100,000 items stay one query a page). */
@Dependent
public class BulkItemLazyModel extends KeyedLazyModel<BulkItemRow> {

    private static final long serialVersionUID = 1L;

    @Inject
    private BulkOperationService bulk;

    @Inject
    private ConsoleUser user;

    private String operationId;

    void show(String operationId) {
        this.operationId = operationId;
    }

    @Override
    protected String keyOf(BulkItemRow row) {
        return String.valueOf(row.getSeq());
    }

    @Override
    public int count(Map<String, FilterMeta> filterBy) {
        return operationId == null
                ? 0
                : ConsoleMessages.readOr(
                        () -> (int) bulk.items(user.caller(), operationId, null, 1, 1)
                                .total(),
                        0);
    }

    @Override
    public List<BulkItemRow> load(
            int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
        if (operationId == null) {
            return List.of();
        }
        return ConsoleMessages.readOr(
                () -> {
                    int size = Math.max(pageSize, 1);
                    return bulk.items(user.caller(), operationId, null, first / size + 1, size).items().stream()
                            .map(BulkItemRow::new)
                            .toList();
                },
                List.of());
    }
}
