package io.aiworkflow.web.console;

import org.primefaces.model.LazyDataModel;

import java.util.List;

/**
 * What the console's lazy tables share: rows found by a key among the loaded page (a service failure
 * is shown as a message, with an empty page, through {@link ConsoleMessages#readOr}).
 */
abstract class KeyedLazyModel<T> extends LazyDataModel<T> {

    private static final long serialVersionUID = 1L;

    /** The row's stable key (an app or run id). */
    protected abstract String keyOf(T row);

    @Override
    public String getRowKey(T row) {
        return keyOf(row);
    }

    @Override
    public T getRowData(String rowKey) {
        List<T> rows = getWrappedData();
        return rows == null
                ? null
                : rows.stream().filter(r -> keyOf(r).equals(rowKey)).findFirst().orElse(null);
    }
}
