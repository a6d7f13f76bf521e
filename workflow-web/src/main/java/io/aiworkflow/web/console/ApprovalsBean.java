package io.aiworkflow.web.console;

import io.aiworkflow.engine.insight.PendingConfirmations;
import io.aiworkflow.engine.insight.PendingConfirmations.Pending;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.List;

/** "My approvals": the confirmations waiting on the signed-in user, oldest run first. */
@Named
@RequestScoped
public class ApprovalsBean {

    @Inject
    private PendingConfirmations pending;

    @Inject
    private ConsoleUser user;

    private List<ApprovalRow> rows;

    public List<ApprovalRow> getRows() {
        if (rows == null) {
            rows = ConsoleMessages.readOr(
                    () -> pending.waitingOn(user.caller()).stream()
                            .map(ApprovalRow::new)
                            .toList(),
                    List.of());
        }
        return rows;
    }

    /** One confirmation in the inbox (a JavaBean for EL). */
    public static class ApprovalRow {

        private final Pending p;

        ApprovalRow(Pending p) {
            this.p = p;
        }

        public String getKey() {
            return p.instanceId() + "/" + p.nodeKey();
        }

        public String getInstanceId() {
            return p.instanceId();
        }

        public String getAppName() {
            return p.appName();
        }

        public String getNodeName() {
            return p.nodeName();
        }

        public String getAssignees() {
            return p.assignees().isEmpty() ? "anyone who may write" : String.join(", ", p.assignees());
        }

        public String getSince() {
            return ConsoleTimes.format(p.since() == null ? p.runStarted() : p.since());
        }
    }
}
