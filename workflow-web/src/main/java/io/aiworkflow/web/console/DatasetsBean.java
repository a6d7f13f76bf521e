package io.aiworkflow.web.console;

import io.aiworkflow.domain.model.bulk.BulkAction;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkOperationService.CreateRequest;
import io.aiworkflow.engine.bulk.BulkOptions;
import io.aiworkflow.engine.bulk.BulkSelection;
import io.aiworkflow.engine.bulk.BulkViews.Preview;
import io.aiworkflow.engine.dataset.Dataset;
import io.aiworkflow.engine.dataset.DatasetFormat;
import io.aiworkflow.engine.dataset.DatasetService;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.file.UploadedFile;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The app page's datasets: upload a file (CSV, JSON Lines or a JSON array, by its extension) with
 * the row-check report, the stored versions, and running one on the published version as a bulk
 * operation (its page then offers the results as CSV or JSON Lines).
 */
@Named
@ViewScoped
public class DatasetsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    /** A bad row as the report lists it (a bean: EL reads getters). */
    public static final class BadRow implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String line;
        private final String message;

        BadRow(Object line, Object message) {
            this.line = String.valueOf(line);
            this.message = String.valueOf(message);
        }

        public String getLine() {
            return line;
        }

        public String getMessage() {
            return message;
        }
    }

    /** A dataset version in the table. */
    public static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String id;
        private final String name;
        private final int version;
        private final int rows;
        private final String created;

        Row(Dataset d) {
            this.id = d.id();
            this.name = d.name();
            this.version = d.version();
            this.rows = d.rowCount();
            this.created = ConsoleTimes.format(d.createdAt()) + " by " + d.createdBy();
        }

        public String getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        public int getVersion() {
            return version;
        }

        public int getRows() {
            return rows;
        }

        public String getCreated() {
            return created;
        }
    }

    @Inject
    private DatasetService datasets;

    @Inject
    private BulkOperationService bulk;

    @Inject
    private AppPageBean appPage;

    @Inject
    private ConsoleUser user;

    private transient UploadedFile file;
    private String name;
    private boolean skipBadRows;
    private String reason;
    private List<BadRow> badRows = List.of();
    private List<Row> rows;

    public void upload() {
        badRows = List.of();
        if (file == null || file.getSize() == 0) {
            ConsoleMessages.error("Choose a file first");
            return;
        }
        try {
            DatasetService.Uploaded uploaded = datasets.upload(
                    user.caller(),
                    appPage.getAppId(),
                    name == null || name.isBlank() ? baseName(file.getFileName()) : name,
                    new String(file.getContent(), StandardCharsets.UTF_8),
                    formatOf(file.getFileName()),
                    skipBadRows);
            badRows = uploaded.skipped().stream()
                    .map(e -> new BadRow(e.line(), e.message()))
                    .toList();
            rows = null;
            ConsoleMessages.info("Stored " + uploaded.dataset().name() + " version "
                    + uploaded.dataset().version()
                    + " (" + uploaded.dataset().rowCount() + " rows"
                    + (badRows.isEmpty() ? ")" : ", " + badRows.size() + " bad rows left out)"));
        } catch (WorkflowException e) {
            if (e.details().get("errors") instanceof List<?> errors) {
                badRows = errors.stream()
                        .map(o -> (Map<?, ?>) o)
                        .map(m -> new BadRow(m.get("line"), m.get("message")))
                        .toList();
            }
            ConsoleMessages.failure(e);
        }
    }

    /** Runs the dataset on the published version and opens the operation. */
    public String run(String datasetId) {
        try {
            BulkSelection selection = BulkSelection.dataset(datasetId);
            BulkOptions options = new BulkOptions(null, null, null, null, null, null);
            Preview preview = bulk.create(user.caller(), request(selection, options, true, null, null))
                    .preview();
            String id = bulk.create(
                            user.caller(),
                            request(selection, options, false, preview.selectionToken(), preview.count()))
                    .operation()
                    .id();
            return "/console/operation?faces-redirect=true&id=" + id;
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
            return null;
        }
    }

    private CreateRequest request(
            BulkSelection selection, BulkOptions options, boolean dryRun, String token, Long count) {
        return new CreateRequest(
                BulkAction.RUN, selection, options, dryRun, token, count, null, null, null, reason, null, null);
    }

    private static DatasetFormat formatOf(String fileName) {
        String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return DatasetFormat.JSON_LINES;
        }
        return lower.endsWith(".json") ? DatasetFormat.JSON_ARRAY : DatasetFormat.CSV;
    }

    private static String baseName(String fileName) {
        String base = fileName == null ? "dataset" : fileName.replaceAll("\\.[^.]*$", "");
        return base.isBlank() ? "dataset" : base;
    }

    public List<Row> getRows() {
        if (rows == null) {
            try {
                rows = datasets.list(user.caller(), appPage.getAppId()).stream()
                        .map(Row::new)
                        .toList();
            } catch (RuntimeException e) {
                rows = List.of();
            }
        }
        return rows;
    }

    public List<BadRow> getBadRows() {
        return badRows;
    }

    public UploadedFile getFile() {
        return file;
    }

    public void setFile(UploadedFile file) {
        this.file = file;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public boolean isSkipBadRows() {
        return skipBadRows;
    }

    public void setSkipBadRows(boolean skipBadRows) {
        this.skipBadRows = skipBadRows;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
