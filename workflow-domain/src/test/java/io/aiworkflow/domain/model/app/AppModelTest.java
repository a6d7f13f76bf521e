package io.aiworkflow.domain.model.app;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppModelTest {

    private static final OffsetDateTime T0 = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void appTypeCodesAreSeed003s() {
        assertEquals(AppType.Chat, AppType.of(0));
        assertEquals(AppType.Agent, AppType.of(1));
        assertEquals(AppType.Workflow, AppType.of(2));
        for (AppType type : AppType.values()) {
            assertEquals(type, AppType.of(type.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> AppType.of(-1));
        assertThrows(IllegalArgumentException.class, () -> AppType.of(3));
    }

    @Test
    void publishCopiesTheDraftAndCountsVersions() {
        AppWorkflowDesign design = new AppWorkflowDesign("app-1", T0);
        assertFalse(design.isPublish());
        assertNull(design.getPublishedVersion());
        assertEquals(1, design.nextVersion());

        design.updateDraft("{\"ui\":1}", "{\"nodes\":[]}", T0.plusMinutes(1));
        design.publish(design.nextVersion(), T0.plusMinutes(2));
        assertTrue(design.isPublish());
        assertEquals(1, design.getPublishedVersion());
        assertEquals("{\"ui\":1}", design.getUiDesign());
        assertEquals("{\"nodes\":[]}", design.getFunctionDesign());
        assertEquals(T0.plusMinutes(2), design.getPublishedAt());
        assertEquals(2, design.nextVersion());

        // a later draft leaves the published design alone until the next publish; null keeps a draft field
        design.updateDraft(null, "{\"nodes\":[{}]}", T0.plusMinutes(3));
        assertEquals("{\"ui\":1}", design.getUiDesignDraft());
        assertEquals("{\"nodes\":[]}", design.getFunctionDesign());
        assertEquals(T0.plusMinutes(3), design.getUpdatedAt());
        design.publish(design.nextVersion(), T0.plusMinutes(4));
        assertEquals(2, design.getPublishedVersion());
        assertEquals("{\"nodes\":[{}]}", design.getFunctionDesign());
        assertEquals(3, design.nextVersion());
    }
}
