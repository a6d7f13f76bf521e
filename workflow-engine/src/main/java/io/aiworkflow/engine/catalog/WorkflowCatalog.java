package io.aiworkflow.engine.catalog;

import java.util.Optional;

/**
 * Published workflows of a team. Returns empty for an unknown app (→ {@code APP_NOT_FOUND}); for an
 * app that exists but has no published version, throw a {@code WorkflowException} with
 * {@code NOT_PUBLISHED} (the SubWorkflow node passes its code on).
 */
public interface WorkflowCatalog {
    Optional<PublishedWorkflow> findPublished(long teamId, String appId);
}
