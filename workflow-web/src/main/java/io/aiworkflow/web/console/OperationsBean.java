package io.aiworkflow.web.console;

import io.aiworkflow.engine.bulk.BulkOperationService;
import io.aiworkflow.engine.bulk.BulkViews.Operation;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/** The bulk operations page: the latest operations with their progress. */
@Named
@ViewScoped
public class OperationsBean implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 100;

    /** One operation in the list (a bean: EL reads getters). */
    public static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String id;
        private final String action;
        private final String state;
        private final String progress;
        private final String createdBy;
        private final String created;
        private final String reason;

        Row(Operation op) {
            this.id = op.id();
            this.action = op.action();
            this.state = op.state();
            this.progress = op.counts().ended() + " / " + op.counts().total() + " ended, "
                    + op.counts().failed() + " failed";
            this.createdBy = op.createdBy();
            this.created = ConsoleTimes.format(op.createdAt());
            this.reason = op.reason();
        }

        public String getId() {
            return id;
        }

        public String getAction() {
            return action;
        }

        public String getState() {
            return state;
        }

        public String getProgress() {
            return progress;
        }

        public String getCreatedBy() {
            return createdBy;
        }

        public String getCreated() {
            return created;
        }

        public String getReason() {
            return reason;
        }
    }

    @Inject
    private BulkOperationService bulk;

    @Inject
    private ConsoleUser user;

    private List<Row> rows = List.of();

    public void load() {
        try {
            rows = bulk.list(user.caller(), null, null, 1, SHOWN).items().stream()
                    .map(Row::new)
                    .toList();
        } catch (RuntimeException e) {
            ConsoleMessages.failure(e);
        }
    }

    public List<Row> getRows() {
        return rows;
    }
}
