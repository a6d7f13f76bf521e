package io.aiworkflow.engine.catalog;

import java.util.Optional;

/** The team's chat models. Empty when the model does not exist in that team. */
public interface ModelCatalog {
    Optional<ModelConfig> find(long teamId, long modelId);
}
