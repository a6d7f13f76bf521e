package io.aiworkflow.engine.catalog;

import java.util.Optional;

/** The team's HTTP plugins. Empty when the plugin does not exist in that team. */
public interface PluginCatalog {
    Optional<PluginConfig> find(long teamId, long pluginId);
}
