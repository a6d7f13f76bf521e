package io.aiworkflow.domain.model.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoleTest {

    @Test
    void onlyViewersCannotWriteAndOnlyAdminsAreAdmins() {
        assertTrue(Role.admin.canWrite());
        assertTrue(Role.editor.canWrite());
        assertFalse(Role.viewer.canWrite());
        assertTrue(Role.admin.isAdmin());
        assertFalse(Role.editor.isAdmin());
        assertFalse(Role.viewer.isAdmin());
    }

    @Test
    void parseIsExact() {
        assertEquals(Optional.of(Role.editor), Role.parse("editor"));
        assertEquals(Optional.empty(), Role.parse("Editor"));
        assertEquals(Optional.empty(), Role.parse(null));
        assertEquals(Optional.empty(), Role.parse("root"));
    }
}
