package io.aiworkflow.engine.security;

import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

/**
 * The team and role rules: admins act in any team, editors and viewers in their own;
 * viewers only read. Resources of a team the caller cannot see are reported as not found.
 */
public final class AccessPolicy {

    private AccessPolicy() {}

    /** The team a request acts in: the one it names, or the caller's own. */
    public static long teamFor(Caller caller, Long requestedTeamId) {
        if (requestedTeamId == null || requestedTeamId.equals(caller.teamId())) {
            return caller.teamId();
        }
        if (caller.role().isAdmin()) {
            return requestedTeamId;
        }
        throw new WorkflowException(ErrorCode.FORBIDDEN, "you may not act in team " + requestedTeamId);
    }

    public static boolean canSee(Caller caller, long teamId) {
        return caller.role().isAdmin() || caller.teamId() == teamId;
    }

    public static void requireWrite(Caller caller) {
        if (!caller.role().canWrite()) {
            throw new WorkflowException(ErrorCode.FORBIDDEN, "the viewer role cannot change anything");
        }
    }

    /**
     * A node waiting for confirmation with {@code assignees} (usernames, or {@code key:<name>} for API
     * keys) may be answered by them and by admins; without assignees by anyone who may write.
     */
    public static boolean mayAnswer(Caller caller, JsonArray assignees) {
        if (assignees == null || caller.role().isAdmin()) {
            return true;
        }
        return assignees.stream()
                .anyMatch(a -> a instanceof JsonString s && s.getString().equals(caller.name()));
    }

    public static void requireAdmin(Caller caller) {
        if (!caller.role().isAdmin()) {
            throw new WorkflowException(ErrorCode.FORBIDDEN, "only admins may do this");
        }
    }
}
