package io.aiworkflow.engine.security;

import io.aiworkflow.domain.model.security.Role;
import io.aiworkflow.domain.shared.ErrorCode;
import io.aiworkflow.domain.shared.WorkflowException;
import io.aiworkflow.engine.support.J;
import jakarta.json.JsonArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admins act in any team, editors and viewers only in their own; viewers only read; a node waiting
 * for named assignees may be answered by them (users or API keys) and by admins.
 */
class AccessPolicyTest {

    private static final long OWN = 2;
    private static final long OTHER = 3;

    private static final Caller ADMIN = new Caller(1L, "root", 1L, Role.admin);
    private static final Caller EDITOR = new Caller(10L, "ada", OWN, Role.editor);
    private static final Caller VIEWER = new Caller(11L, "bob", OWN, Role.viewer);
    private static final Caller EDITOR_KEY = new Caller(null, "key:ci", OWN, Role.editor);
    private static final Caller VIEWER_KEY = new Caller(null, "key:dashboard", OWN, Role.viewer);
    private static final Caller ADMIN_KEY = new Caller(null, "key:ops", 1L, Role.admin);

    private static void forbidden(Executable call) {
        assertEquals(
                ErrorCode.FORBIDDEN, assertThrows(WorkflowException.class, call).code());
    }

    @Test
    void aRequestNamingNoTeamActsInTheCallersOwn() {
        for (Caller caller : new Caller[] {ADMIN, EDITOR, VIEWER, EDITOR_KEY, ADMIN_KEY}) {
            assertEquals(caller.teamId(), AccessPolicy.teamFor(caller, null), caller.name());
            assertEquals(caller.teamId(), AccessPolicy.teamFor(caller, caller.teamId()), caller.name());
        }
    }

    @Test
    void onlyAdminsMayActInAnotherTeam() {
        assertEquals(OTHER, AccessPolicy.teamFor(ADMIN, OTHER));
        assertEquals(OTHER, AccessPolicy.teamFor(ADMIN_KEY, OTHER));
        forbidden(() -> AccessPolicy.teamFor(EDITOR, OTHER));
        forbidden(() -> AccessPolicy.teamFor(VIEWER, OTHER));
        forbidden(() -> AccessPolicy.teamFor(EDITOR_KEY, OTHER));
    }

    @Test
    void theTeamIdIsComparedByValueNotByBoxedIdentity() {
        // ids above the Long cache (-128..127) arrive as distinct boxes from JSON and JPA
        Caller editorOfABigTeam = new Caller(10L, "ada", Long.valueOf(100_000L), Role.editor);
        assertEquals(100_000L, AccessPolicy.teamFor(editorOfABigTeam, Long.valueOf(100_000L)));
        assertTrue(AccessPolicy.canSee(editorOfABigTeam, 100_000L));
    }

    @Test
    void membersSeeTheirOwnTeamAndAdminsSeeEveryTeam() {
        for (Caller member : new Caller[] {EDITOR, VIEWER, EDITOR_KEY, VIEWER_KEY}) {
            assertTrue(AccessPolicy.canSee(member, OWN), member.name());
            assertFalse(AccessPolicy.canSee(member, OTHER), member.name());
        }
        assertTrue(AccessPolicy.canSee(ADMIN, OWN));
        assertTrue(AccessPolicy.canSee(ADMIN, OTHER));
        assertTrue(AccessPolicy.canSee(ADMIN_KEY, OTHER));
    }

    @Test
    void viewersCannotChangeAnything() {
        forbidden(() -> AccessPolicy.requireWrite(VIEWER));
        forbidden(() -> AccessPolicy.requireWrite(VIEWER_KEY));
        assertDoesNotThrow(() -> AccessPolicy.requireWrite(EDITOR));
        assertDoesNotThrow(() -> AccessPolicy.requireWrite(EDITOR_KEY));
        assertDoesNotThrow(() -> AccessPolicy.requireWrite(ADMIN));
    }

    @Test
    void onlyAdminsMayAdminister() {
        assertDoesNotThrow(() -> AccessPolicy.requireAdmin(ADMIN));
        assertDoesNotThrow(() -> AccessPolicy.requireAdmin(ADMIN_KEY));
        forbidden(() -> AccessPolicy.requireAdmin(EDITOR));
        forbidden(() -> AccessPolicy.requireAdmin(EDITOR_KEY));
        forbidden(() -> AccessPolicy.requireAdmin(VIEWER));
    }

    @Test
    void aNodeWaitingForNamedAssigneesIsAnsweredByThemAndByAdmins() {
        JsonArray assignees = (JsonArray) J.json("['ada','key:ci']");

        assertTrue(AccessPolicy.mayAnswer(EDITOR, assignees), "a named user");
        assertTrue(AccessPolicy.mayAnswer(EDITOR_KEY, assignees), "a named API key");
        assertTrue(AccessPolicy.mayAnswer(ADMIN, assignees), "an admin not named");
        assertFalse(AccessPolicy.mayAnswer(new Caller(12L, "eve", OWN, Role.editor), assignees), "an editor not named");
        assertFalse(
                AccessPolicy.mayAnswer(new Caller(null, "key:other", OWN, Role.editor), assignees), "a key not named");
    }

    @Test
    void assigneesAreMatchedExactly() {
        assertFalse(AccessPolicy.mayAnswer(EDITOR, (JsonArray) J.json("['Ada']")), "case matters");
        assertFalse(AccessPolicy.mayAnswer(EDITOR, (JsonArray) J.json("['ada ']")));
        assertFalse(
                AccessPolicy.mayAnswer(new Caller(null, "key:ada", OWN, Role.editor), (JsonArray) J.json("['ada']")),
                "an API key named like a user is not that user");
        assertFalse(
                AccessPolicy.mayAnswer(new Caller(null, "key:ci", OWN, Role.editor), (JsonArray) J.json("['ci']")),
                "a key is named key:<name>");
        assertFalse(
                AccessPolicy.mayAnswer(EDITOR, (JsonArray) J.json("[10, null, {'name':'ada'}]")),
                "only names count, not ids or objects");
    }

    @Test
    void aNodeWithoutAssigneesIsLeftToTheWriteCheck() {
        // RunService.confirm checks requireWrite first; mayAnswer adds nothing for a node naming nobody
        assertTrue(AccessPolicy.mayAnswer(EDITOR, null));
        assertTrue(AccessPolicy.mayAnswer(EDITOR_KEY, null));
    }
}
