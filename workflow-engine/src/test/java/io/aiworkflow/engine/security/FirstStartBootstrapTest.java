package io.aiworkflow.engine.security;

import io.aiworkflow.engine.settings.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server does not start with settings that leave it open. */
class FirstStartBootstrapTest {

    private static final String KEY = "a-secret-key-of-enough-length-0123456789";

    @Test
    void aShortBootstrapKeyIsRefused() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> FirstStartBootstrap.refuseUnsafeSettings(
                        Settings.of(Map.of("WORKFLOW_BOOTSTRAP_API_KEY", "short-key", "WORKFLOW_SECRET_KEY", KEY))));
        assertTrue(e.getMessage().contains("32"), e.getMessage());
        assertDoesNotThrow(() -> FirstStartBootstrap.refuseUnsafeSettings(
                Settings.of(Map.of("WORKFLOW_BOOTSTRAP_API_KEY", "k".repeat(32), "WORKFLOW_SECRET_KEY", KEY))));
    }

    @Test
    void theBuiltInSecretKeyIsForDevelopmentOnly() {
        assertThrows(
                IllegalStateException.class, () -> FirstStartBootstrap.refuseUnsafeSettings(Settings.of(Map.of())));
        assertThrows(
                IllegalStateException.class,
                () -> FirstStartBootstrap.refuseUnsafeSettings(Settings.of(Map.of("WORKFLOW_SECRET_KEY", " "))));
        assertDoesNotThrow(
                () -> FirstStartBootstrap.refuseUnsafeSettings(Settings.of(Map.of("WORKFLOW_DEV_MODE", "true"))));
        assertDoesNotThrow(
                () -> FirstStartBootstrap.refuseUnsafeSettings(Settings.of(Map.of("WORKFLOW_SECRET_KEY", KEY))));
    }
}
