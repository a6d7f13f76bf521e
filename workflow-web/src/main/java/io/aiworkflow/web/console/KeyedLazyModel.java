package io.aiworkflow.web.console;

import org.primefaces.model.LazyDataModel;

import java.util.List;
import java.util.function.Supplier;

/**
 * What the console's lazy tables share: rows found by a key among the loaded page, and a service
 * failure shown as a message (with an empty page) instead of an error page.
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

    protected static <V> V orMessage(Supplier<V> read, V fallback) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
            return fallback;
        }
    }
}
