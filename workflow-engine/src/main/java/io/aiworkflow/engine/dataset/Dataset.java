package io.aiworkflow.engine.dataset;

import java.time.OffsetDateTime;
import java.util.List;

/** One immutable version of an app's dataset. */
public record Dataset(
        String id,
        long teamId,
        String appId,
        String name,
        int version,
        int rowCount,
        List<String> columns,
        String createdBy,
        OffsetDateTime createdAt) {}
